import io
import json
from pathlib import Path

import pytest

from claimcheck.errors import InputError, InputFileNotFound
from claimcheck.text.ingest import article_id, decode, read_paths

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

ARTICLE = "الجزائر ترفض المشاركة في عملية عسكرية مع مصر\n\nوقال المصدر إن القاهرة أبلغت الجزائر قبل 10 ساعات.\n"
OTHER = "حفتر يلتقي وزير الخارجية الجزائري\nالتقى وزير الخارجية الجزائري اليوم الأربعاء قائد الجيش الليبي.\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p


def _messages(result):
    return [str(w) for w in result.warnings]


def test_seeds_read_cleanly():
    result = read_paths([SEEDS])
    assert len(result.articles) == 5
    assert result.warnings == []
    first = result.articles[0]
    assert first.title == "الجزائر ترفض المشاركة في عملية عسكرية مع مصر"
    assert first.path.endswith("000_3f1dbae69eb59a09.txt")
    assert first.text == (SEEDS / "000_3f1dbae69eb59a09.txt").read_text(encoding="utf-8")
    assert first.source is None and first.published is None


@pytest.mark.parametrize(
    "encoded",
    [
        ARTICLE.encode("utf-8"),
        b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"),
        ARTICLE.encode("utf-16"),  # with BOM, native order
        b"\xff\xfe" + ARTICLE.encode("utf-16-le"),
        b"\xfe\xff" + ARTICLE.encode("utf-16-be"),
        ARTICLE.encode("cp1256"),
        ARTICLE.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16le-bom", "utf16be-bom", "cp1256", "crlf"],
)
def test_encodings_give_the_same_article(tmp_path, encoded):
    p = _write(tmp_path, "a.txt", encoded)
    result = read_paths([p])
    assert result.warnings == []
    [art] = result.articles
    assert art.text == ARTICLE
    assert art.title == "الجزائر ترفض المشاركة في عملية عسكرية مع مصر"
    assert art.id == article_id(ARTICLE)


def test_control_characters_mean_binary_but_a_form_feed_does_not():
    assert decode("نص عربي\x0c عادي".encode()) == "نص عربي\x0c عادي"
    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(1, 32)) * 20)
    with pytest.raises(InputError, match="binary"):
        decode(b"\x81\x82\x01\x02\x03\x04\x05\x06" * 50)  # not UTF-8, not cp1256 text


def test_binary_behind_a_utf16_bom_is_still_binary():
    with pytest.raises(InputError, match="binary"):
        decode(("\x01\x02\x03\x04\x05\x06" * 40).encode("utf-16"))


def test_cp1256_is_not_guessed_for_latin1_bytes():
    with pytest.raises(InputError, match="cannot decode"):
        decode("Café crème à la française, déjà vu".encode("latin-1"))


@pytest.mark.parametrize(
    "name, data, problem",
    [
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\t\n\xc2\xa0\n", "only whitespace"),
        ("latin.txt", "Café déjà vu à la crème".encode("latin-1"), "cannot decode"),
    ],
)
def test_bad_files_are_one_line_warnings(tmp_path, name, data, problem):
    good = _write(tmp_path, "good.txt", ARTICLE.encode())
    bad = _write(tmp_path, name, data)
    result = read_paths([good, bad])
    assert [a.path for a in result.articles] == [str(good)]
    [warning] = result.warnings
    assert warning.path == str(bad)
    assert problem in warning.message
    assert "\n" not in str(warning)


def test_title_skips_a_breadcrumb_line():
    [art] = read_paths([SEEDS / "001_114047c5c7cf8368.txt"]).articles
    assert art.title == "اتفاق بين الجزائر ومصر وتونس على زيادة التنسيق الأمني حول ليبيا"
    assert art.text.startswith("الرئيسيةأخبار")  # the text itself is untouched


def test_explicit_file_of_other_extension_is_read_as_text(tmp_path):
    p = _write(tmp_path, "story.text", ARTICLE.encode())
    assert [a.path for a in read_paths([p]).articles] == [str(p)]


def test_markdown_title_drops_hashes(tmp_path):
    p = _write(tmp_path, "a.md", ("\n\n## " + ARTICLE).encode())
    [art] = read_paths([p]).articles
    assert art.title.startswith("الجزائر ترفض")


def _jsonl(*records) -> bytes:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return ("\n".join(lines) + "\n").encode()


def test_jsonl_fields_and_one_malformed_line(tmp_path):
    p = _write(
        tmp_path,
        "feed.jsonl",
        _jsonl(
            {"id": "x1", "title": "عنوان", "text": ARTICLE, "url": "https://example.com/a",
             "source": "الخبر", "published": "2015-02-22T10:00:00Z"},
            '{"title": "broken", "text": "نص',
            {"title": "بلا نص"},
            "",
            {"text": OTHER, "source": "سبوتنيك"},
        ),
    )
    result = read_paths([p])
    assert [a.source for a in result.articles] == ["الخبر", "سبوتنيك"]
    first, second = result.articles
    assert first.title == "عنوان"
    assert first.published == "2015-02-22"
    assert first.url == "https://example.com/a"
    assert first.path == f"{p}:1"
    assert first.id == article_id(ARTICLE)  # the JSONL id is not the article id
    assert second.path == f"{p}:5"
    assert second.title == "حفتر يلتقي وزير الخارجية الجزائري"  # first line when no title
    assert [(w.path, w.line) for w in result.warnings] == [(str(p), 2), (str(p), 3)]
    assert "malformed" in result.warnings[0].message
    assert "missing 'text'" in result.warnings[1].message
    assert _messages(result)[0].startswith(f"{p}:2: ")


def test_jsonl_non_object_line(tmp_path):
    p = _write(tmp_path, "feed.jsonl", _jsonl('["a", "b"]', {"text": ARTICLE}))
    result = read_paths([p])
    assert len(result.articles) == 1
    assert result.warnings[0].line == 1 and "not a JSON object" in result.warnings[0].message


def test_duplicates_are_kept_once(tmp_path):
    a = _write(tmp_path, "a.txt", ARTICLE.encode())
    # Same article with a BOM, CRLF and extra spaces: still the same content.
    b = _write(tmp_path, "b.txt", b"\xef\xbb\xbf" + ARTICLE.replace(" ", "  ").replace("\n", "\r\n").encode())
    c = _write(tmp_path, "c.jsonl", _jsonl({"text": ARTICLE}))
    result = read_paths([a, b, c])
    assert [x.path for x in result.articles] == [str(a)]
    assert [w.message for w in result.warnings] == [f"duplicate of {a}"] * 2
    assert result.warnings[1].line == 1


def test_directory_recursion_is_sorted_and_skips_hidden(tmp_path):
    _write(tmp_path, "b/2.txt", OTHER.encode())
    _write(tmp_path, "a/1.md", ARTICLE.encode())
    _write(tmp_path, "a/3.jsonl", _jsonl({"text": "خبر ثالث عن ليبيا والجزائر وتونس"}))
    _write(tmp_path, ".git/x.txt", "مخفي تماما عن القارئ".encode())
    _write(tmp_path, "a/.hidden.txt", "ملف مخفي آخر".encode())
    _write(tmp_path, "a/image.png", b"\x89PNG\x00")
    result = read_paths([tmp_path])
    assert [Path(a.path.split(":")[0]).relative_to(tmp_path).as_posix() for a in result.articles] == [
        "a/1.md",
        "a/3.jsonl",
        "b/2.txt",
    ]
    assert result.warnings == []


def test_stdin_dash(tmp_path):
    result = read_paths(["-"], stdin=io.StringIO("\ufeff" + ARTICLE))
    [art] = result.articles
    assert art.path == "<stdin>"
    assert art.text == ARTICLE


def test_stdin_and_file_together(tmp_path):
    p = _write(tmp_path, "a.txt", OTHER.encode())
    result = read_paths([p, "-"], stdin=io.StringIO(ARTICLE))
    assert [a.path for a in result.articles] == [str(p), "<stdin>"]


def test_missing_path_is_a_warning_when_something_else_reads(tmp_path):
    p = _write(tmp_path, "a.txt", ARTICLE.encode())
    result = read_paths([tmp_path / "nope.txt", p])
    assert len(result.articles) == 1
    assert result.warnings[0].path == str(tmp_path / "nope.txt")
    assert "no such file" in result.warnings[0].message


def test_only_missing_paths_raise_file_not_found(tmp_path):
    with pytest.raises(InputFileNotFound) as err:
        read_paths([tmp_path / "nope.txt"])
    assert isinstance(err.value, FileNotFoundError)
    assert "nope.txt" in str(err.value)


def test_nothing_readable_raises_input_error(tmp_path):
    p = _write(tmp_path, "empty.txt", b"")
    with pytest.raises(InputError, match="empty file") as err:
        read_paths([p])
    assert not isinstance(err.value, FileNotFoundError)
    assert [w.path for w in err.value.warnings] == [str(p)]


def test_no_paths_raises():
    with pytest.raises(InputError):
        read_paths([])


def test_article_id_ignores_spacing_and_bom():
    assert article_id(ARTICLE) == article_id("\ufeff " + ARTICLE.replace(" ", "\u00a0 "))
    assert article_id(ARTICLE) != article_id(OTHER)
    assert len(article_id(ARTICLE)) == 16
