"""The public surface: every advertised name imports, and nothing private leaks into it."""

import importlib

import mistral_secure


def test_every_public_name_resolves() -> None:
    for name in mistral_secure.__all__:
        assert getattr(mistral_secure, name) is not None, name


def test_all_lists_exactly_the_lazy_and_eager_names() -> None:
    lazy = set(mistral_secure._LAZY)
    assert lazy <= set(mistral_secure.__all__)
    for name in set(mistral_secure.__all__) - lazy:
        assert name in vars(mistral_secure), name


def test_unknown_attribute_raises_attribute_error() -> None:
    try:
        mistral_secure.does_not_exist  # noqa: B018
    except AttributeError as exc:
        assert "does_not_exist" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_import_is_cheap_and_does_not_pull_the_sdk() -> None:
    # A log filter or CLI that only redacts must not pay for the mistralai import.
    import subprocess
    import sys

    code = (
        "import sys, mistral_secure; mistral_secure.redact('x'); print('mistralai' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_adapters_import_with_their_extras_installed() -> None:
    assert importlib.import_module("langchain_mistral_secure")
    assert importlib.import_module("llama_index_mistral_secure")


def test_adapters_name_their_extra_when_it_is_missing() -> None:
    # Simulate an environment without the extra: a None entry in sys.modules makes the
    # import fail the way a missing package does.
    import subprocess
    import sys

    cases = {
        "langchain_mistral_secure": ("langchain_mistralai", "mistral-secure[langchain]"),
        "llama_index_mistral_secure": ("llama_index.llms.mistralai", "mistral-secure[llama-index]"),
    }
    for package, (dependency, extra) in cases.items():
        code = (
            f"import sys; sys.modules[{dependency!r}] = None\n"
            f"try:\n    import {package}\n"
            f"except ImportError as exc:\n    print(exc)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        )
        assert extra in out.stdout, (package, out.stdout, out.stderr)
