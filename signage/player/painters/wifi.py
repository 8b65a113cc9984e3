"""The public wifi poster: network name large, password, a QR code that joins it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from signage.i18n import label
from signage.model import WifiOffer
from signage.player.context import PaintContext
from signage.player.painters.common import content_rect, heading, write
from signage.player.qr import draw_qr
from signage.slides import WifiSlide


def wifi_payload(offer: WifiOffer) -> str:
    """The standard ``WIFI:`` string that phone cameras offer to join."""
    return offer.join_payload


def paint(painter: QPainter, rect: QRectF, slide: WifiSlide, ctx: PaintContext) -> None:
    m = ctx.m
    body = content_rect(rect, m)
    area = heading(painter, body, label("free_wifi", ctx.language), slide, ctx)
    offer = slide.offer
    caption_height = m.body * 1.4
    if rect.width() >= rect.height():
        qr_side = min(area.height() - caption_height, area.width() * 0.42)
        qr_area = QRectF(area.right() - qr_side, area.top(), qr_side, qr_side + caption_height)
        text = QRectF(area.left(), area.top(), area.width() - qr_side - m.margin, area.height())
    else:
        qr_side = min(area.width() * 0.75, area.height() * 0.45)
        qr_area = QRectF(
            area.left() + (area.width() - qr_side) / 2,
            area.bottom() - qr_side - caption_height,
            qr_side,
            qr_side + caption_height,
        )
        text = QRectF(area.left(), area.top(), area.width(), qr_area.top() - area.top() - m.gap)
    code = draw_qr(
        painter, QRectF(qr_area.left(), qr_area.top(), qr_side, qr_side), wifi_payload(offer)
    )
    if ctx.log is not None:
        ctx.log.box("qr", code)
        ctx.log.box("wifi-text", text)
    write(
        painter,
        ctx,
        QRectF(qr_area.left() - m.margin, code.bottom(), qr_side + 2 * m.margin, caption_height),
        label("scan_to_join", ctx.language),
        role="qr-caption",
        px=m.small,
        bold=True,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    blocks: list[tuple[str, str]] = [(label("network", ctx.language), offer.ssid)]
    if offer.password:
        blocks.append((label("password", ctx.language), offer.password))
    else:
        blocks.append((label("password", ctx.language), label("no_password", ctx.language)))
    top = text.top()
    block_height = min(text.height() / (len(blocks) + 1.2), m.display * 2.2)
    for caption, value in blocks:
        write(
            painter,
            ctx,
            QRectF(text.left(), top, text.width(), m.body * 1.3),
            caption,
            role="label",
            px=m.body,
            color="muted",
            valign=Qt.AlignmentFlag.AlignTop,
        )
        write(
            painter,
            ctx,
            QRectF(text.left(), top + m.body * 1.3, text.width(), block_height - m.body * 1.3),
            value,
            role="value",
            px=m.display,
            bold=True,
            min_px=m.subtitle,
            lines=2,
            valign=Qt.AlignmentFlag.AlignTop,
        )
        top += block_height
    footer = []
    if offer.provider:
        footer.append(label("provided_by", ctx.language, provider=offer.provider))
    if offer.note:
        footer.append(offer.note.pick(ctx.language))
    if footer:
        write(
            painter,
            ctx,
            QRectF(text.left(), top, text.width(), text.bottom() - top),
            "\n".join(footer),
            role="provider",
            px=m.body,
            lines=None,
            valign=Qt.AlignmentFlag.AlignTop,
        )
