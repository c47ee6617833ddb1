"""Response compression: gzip for every response the client accepts it for, except event streams.

Litestar's gzip facade flushes each chunk, so an SSE stream would still arrive, but a proxy or a
browser buffering a compressed stream delays events; server-sent events are therefore never
compressed (decided by the response's own content type, so every future stream is covered).
"""

from __future__ import annotations

from typing import Literal

from litestar.config.compression import CompressionConfig
from litestar.enums import CompressionEncoding
from litestar.middleware.compression import CompressionMiddleware
from litestar.types import Message, Scope, Send

#: Smaller bodies are not worth the CPU (and small JSON answers stay plain).
COMPRESSION_MINIMUM_BYTES = 1024
_UNCOMPRESSED_TYPES = (b"text/event-stream",)


class StreamAwareCompressionMiddleware(CompressionMiddleware):
    """Litestar's compression, passing ``text/event-stream`` responses through untouched."""

    def create_compression_send_wrapper(
        self,
        send: Send,
        compression_encoding: Literal[CompressionEncoding.BROTLI, CompressionEncoding.GZIP] | str,
        scope: Scope,
    ) -> Send:
        compressed = super().create_compression_send_wrapper(send, compression_encoding, scope)
        target: Send | None = None

        async def choose(message: Message) -> None:
            nonlocal target
            if target is None and message["type"] == "http.response.start":
                content_type = next(
                    (
                        bytes(v).lower()
                        for k, v in message.get("headers") or []
                        if bytes(k).lower() == b"content-type"
                    ),
                    b"",
                )
                target = send if content_type.startswith(_UNCOMPRESSED_TYPES) else compressed
            await (target or compressed)(message)

        return choose


def compression_config() -> CompressionConfig:
    """gzip (the standard library's; no brotli dependency) for bodies of 1 KiB and more."""
    return CompressionConfig(
        backend="gzip",
        minimum_size=COMPRESSION_MINIMUM_BYTES,
        gzip_compress_level=6,
        middleware_class=StreamAwareCompressionMiddleware,
    )
