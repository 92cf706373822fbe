"""Stories in the JSON API: /stories (newest coverage first) and /stories/{id} (all coverage).

Articles of one story are also ``/articles?story=<id>``; each article carries its
``story_id``. Registered from web/api.py.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import Response

from ..core import Tagwire
from ..types import StorySummary
from . import api_models as m

StoryId = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]


class StoryOut(BaseModel):
    id: str
    headline: str = Field(description="the story's representative headline")
    first_seen: m.Time = Field(description="when the first article of the story was published")
    last_seen: m.Time = Field(description="when its newest article was published")
    size: int = Field(description="articles in the story, wire copies included")
    first_reported_by: str | None
    outlets: list[str] = Field(description="outlets that covered it, first reporter first")


class StoryPage(BaseModel):
    items: list[StoryOut]
    next_cursor: str | None


class StoryDetail(BaseModel):
    id: str
    headline: str
    first_seen: m.Time
    first_reported_by: str | None
    outlets: list[str]
    not_covered_by: list[str] = Field(description="tracked outlets that have not reported it")
    articles: list[m.ArticleOut] = Field(description="every article of the story, oldest first")


def _story_out(s: StorySummary) -> StoryOut:
    return StoryOut(id=s.id, headline=s.headline, first_seen=s.first_seen, last_seen=s.last_seen,
                    size=s.size, first_reported_by=s.first_reported_by, outlets=list(s.outlets))


def create_story_router(tagwire: Tagwire, respond) -> APIRouter:  # noqa: ANN001 - api.respond
    router = APIRouter()

    @router.get("/stories", response_model=StoryPage, summary="Stories, the most recently covered first")
    def stories(request: Request,
                outlets: Annotated[int, Query(ge=1, le=50, description="only stories told by at least "
                                                                       "this many outlets")] = 1,
                cursor: Annotated[str | None, Query(max_length=80, description="next_cursor of the previous "
                                                                               "page")] = None,
                limit: Annotated[int, Query(ge=1, le=100)] = 20) -> Response:
        found, next_cursor = tagwire.story_list(cursor=cursor, limit=limit, min_outlets=outlets)
        return respond(request, StoryPage(items=[_story_out(s) for s in found], next_cursor=next_cursor),
                       next_cursor)

    @router.get("/stories/{story_id}", response_model=StoryDetail,
                summary="One story: every outlet's article by time, and who has not covered it")
    def story(request: Request, story_id: StoryId) -> Response:
        coverage = tagwire.story(story_id)
        names = list(dict.fromkeys(a.source_name for a in coverage.articles))
        body = StoryDetail(id=coverage.id, headline=coverage.headline, first_seen=coverage.first_seen,
                           first_reported_by=names[0] if names else None, outlets=names,
                           not_covered_by=list(coverage.missing_sources),
                           articles=[m.article_out(a) for a in coverage.articles])
        return respond(request, body)

    return router


__all__ = ["create_story_router", "StoryDetail", "StoryOut", "StoryPage"]
