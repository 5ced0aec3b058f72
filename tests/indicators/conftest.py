import json

import pytest

from soslokal.indicators.importing import demo_indicators_load
from soslokal.indicators.services import catalogue_load_file, regions_load


@pytest.fixture
def jsonstat():
    """The JSON-stat parser."""
    from soslokal.indicators import jsonstat as module

    return module


@pytest.fixture
def knowledge_base(framework):
    """The framework, the shipped catalogue and the shipped regions."""
    catalogue_load_file()
    regions_load()


@pytest.fixture
def telemark(knowledge_base):
    """The whole Telemark snapshot, as the demo loads it."""
    return demo_indicators_load()


def jsonstat_document(dimensions, values, *, status=None, updated="2025-03-14T08:00:00Z"):
    """A JSON-stat2 dataset (SSB's object index) with ``dimensions`` {code: [categories]}."""
    ids = list(dimensions)
    document = {
        "version": "2.0",
        "class": "dataset",
        "label": "Test table",
        "source": "Statistics Norway",
        "updated": updated,
        "id": ids,
        "size": [len(codes) for codes in dimensions.values()],
        "dimension": {
            code: {
                "label": code,
                "category": {
                    "index": {c: i for i, c in enumerate(codes)},
                    "label": {c: c for c in codes},
                },
            }
            for code, codes in dimensions.items()
        },
        "value": list(values),
    }
    if status is not None:
        document["status"] = status
    return document


def population_document(regions=("4003", "4001"), years=("2024", "2025"), **kwargs):
    dims = {"Region": list(regions), "ContentsCode": ["Personer1"], "Tid": list(years)}
    count = len(regions) * len(years)
    values = kwargs.pop("values", [1000.0 + i for i in range(count)])
    return jsonstat_document(dims, values, **kwargs)


def write_json(path, document):
    path.write_text(json.dumps(document), encoding="utf-8")
    return path
