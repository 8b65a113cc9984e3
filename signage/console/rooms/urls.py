"""The rooms' addresses: the two weeks of a room, cancelling a day, its calendar."""

from __future__ import annotations

from django.urls import path

from signage.console.rooms import views

patterns = [
    path("salles/", views.rooms, name="rooms"),
    path("salles/annuler/<int:pk>/<str:day>/", views.cancel_day, name="cancel_day"),
    path("salles/valider/<int:pk>/", views.approve, name="approve_booking"),
    path("salles/refuser/<int:pk>/", views.refuse, name="refuse_booking"),
    path("salles/<str:room>.ics", views.room_calendar_file, name="room_calendar"),
]
