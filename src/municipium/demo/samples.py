"""Real public texts shipped as demo material (news of municipal associations, BG and PL)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SAMPLES_DIR = Path(__file__).parent / "samples"


@dataclass(frozen=True)
class NewsSample:
    language: str
    slug: str
    title: str
    body: str


def news_samples() -> list[NewsSample]:
    """Each file: the language code starts the name, the first line is the title."""
    samples = []
    for path in sorted((SAMPLES_DIR / "news").glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
        samples.append(
            NewsSample(
                language=path.name.split("-", 1)[0],
                slug=path.stem,
                title=title.strip(),
                body=body.strip(),
            )
        )
    return samples
