"""Resource apps: a grid of apps, each with its QR code and a one-line description."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter

from signage.i18n import label
from signage.layout import APPS_PER_PAGE
from signage.model import ResourceApp
from signage.player.context import PaintContext
from signage.player.painters.common import card, content_rect, heading, write
from signage.player.qr import draw_qr
from signage.slides import AppsSlide


def paint(painter: QPainter, rect: QRectF, slide: AppsSlide, ctx: PaintContext) -> None:
    m = ctx.m
    body = content_rect(rect, m)
    title = f"{label('useful_apps', ctx.language)} · {label('scan_to_open', ctx.language)}"
    area = heading(painter, body, title, slide, ctx)
    # A fixed grid (2×2, or 1×4 in portrait) keeps cards and QR codes the same size on
    # every page; each QR code stays well above the ~8 cm needed to scan at 1.5 m.
    columns = 2 if rect.width() >= rect.height() else 1
    rows = APPS_PER_PAGE // columns
    cell_w = (area.width() - (columns - 1) * m.gap) / columns
    cell_h = (area.height() - (rows - 1) * m.gap) / rows
    for index, app in enumerate(slide.apps):
        column, row = index % columns, index // columns
        cell = QRectF(
            area.left() + column * (cell_w + m.gap),
            area.top() + row * (cell_h + m.gap),
            cell_w,
            cell_h,
        )
        _cell(painter, cell, app, ctx)


def _cell(painter: QPainter, cell: QRectF, app: ResourceApp, ctx: PaintContext) -> None:
    m = ctx.m
    card(painter, cell, ctx)
    if ctx.log is not None:
        ctx.log.box("app", cell)
    pad = m.gap * 0.6
    side = min(cell.height() - 2 * pad, cell.width() * 0.4)
    code = draw_qr(painter, QRectF(cell.left() + pad, cell.top() + pad, side, side), app.link)
    if ctx.log is not None:
        ctx.log.box("qr", code)
    text = QRectF(
        code.right() + m.gap,
        cell.top() + pad,
        cell.right() - code.right() - m.gap - pad,
        cell.height() - 2 * pad,
    )
    name_h = m.body * 1.3
    name_left = text.left()
    if app.icon:
        icon = ctx.images.load(app.icon, QSize(int(name_h), int(name_h)))
        if icon is not None:
            target = QRectF(name_left, text.top(), icon.width(), icon.height())
            painter.drawImage(target, icon)
            if ctx.log is not None:
                ctx.log.box("icon", target)
            name_left += icon.width() + m.gap * 0.5
    write(
        painter,
        ctx,
        QRectF(name_left, text.top(), text.right() - name_left, name_h),
        app.name,
        role="name",
        px=m.body,
        min_px=m.body,
        bold=True,
        valign=Qt.AlignmentFlag.AlignTop,
    )
    top = text.top() + name_h
    if app.category:
        write(
            painter,
            ctx,
            QRectF(text.left(), top, text.width(), m.small * 1.3),
            app.category,
            role="category",
            px=m.small,
            color="muted",
            valign=Qt.AlignmentFlag.AlignTop,
        )
        top += m.small * 1.3
    write(
        painter,
        ctx,
        QRectF(text.left(), top, text.width(), text.bottom() - top),
        app.description.pick(ctx.language),
        role="description",
        px=m.body,  # what the app is for: what a visitor decides on, at body size
        min_px=m.body,
        lines=None,
        valign=Qt.AlignmentFlag.AlignTop,
    )
