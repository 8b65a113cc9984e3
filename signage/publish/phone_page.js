// Marks now and next again by the phone's clock (the page was written earlier); the
// page says every day's times without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var days = document.querySelectorAll("section.day");
  var now = new Date();
  var today = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" +
    String(now.getDate()).padStart(2, "0");
  days.forEach(function (day) {
    if (day.dataset.day < today) { day.hidden = true; }
    var label = day.querySelector(".today");  // « Aujourd'hui » on the phone's today
    if (label) { label.hidden = day.dataset.day !== today; }
    if (day.dataset.day !== today) { return; }
    var slots = day.querySelectorAll("li.slot");
    var next = null;
    slots.forEach(function (slot) {
      slot.classList.remove("now", "next");
      var old = slot.querySelector(".mark.now, .mark.next");
      if (old) { old.remove(); }
    });
    slots.forEach(function (slot) {
      if (slot.hasAttribute("data-cancelled")) { return; }
      var start = new Date(slot.dataset.start), end = new Date(slot.dataset.end);
      if (start <= now && now < end) { mark(slot, "now"); }
      else if (start > now && (next === null || start < next)) { next = start; }
    });
    slots.forEach(function (slot) {
      if (next !== null && !slot.hasAttribute("data-cancelled") &&
          new Date(slot.dataset.start).getTime() === next.getTime()) { mark(slot, "next"); }
    });
  });
  function mark(slot, state) {
    slot.classList.add(state);
    var label = document.documentElement.dataset[state];
    var tag = document.createElement("strong");
    tag.className = "mark " + state;
    tag.textContent = label;
    slot.querySelector(".when").appendChild(tag);
  }
});
