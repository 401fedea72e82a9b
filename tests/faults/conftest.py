"""Fixtures of the fault tests: a stack of our own servers, always torn down."""

import os

import pytest

from tests.faults.stack import Stack, tools_missing


@pytest.fixture
def make_stack(request):
    """Start a named stack (PostgreSQL, Redis, gunicorn, Celery); close it after the test."""
    missing = tools_missing()
    if missing:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"fault tests cannot run: {missing}")
        pytest.skip(f"fault tests need PostgreSQL 15 and Redis binaries: {missing}")
    stacks: list[Stack] = []

    def make(**options) -> Stack:
        stack = Stack(request.node.name.replace("[", "-").rstrip("]"), **options)
        stacks.append(stack)
        stack.start()
        return stack

    yield make
    for stack in stacks:
        stack.close()
