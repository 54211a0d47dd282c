#!/usr/bin/env python3
"""Build paperkg's shipped lexicon (lexicon.tsv) from the openly licensed source lists.

Usage: python3 build_lexicon.py [SOURCES_DIR] > lexicon.tsv
       (SOURCES_DIR defaults to ../shared/lexicon-sources next to the repository)

Inputs, all read-only:
  curated.tsv        hand-curated entries (this folder): they win over every source list
  stoplist.txt       names never taken from the source lists (this folder)
  source_fixes.tsv   source entries dropped or given their right kind, one by one (this folder)
  ambiguous.tsv      acronyms with several established senses (this folder)
  acronyms.tsv       acronyms with one sense and their long forms (this folder)
  datasets_review.tsv  every Papers with Code dataset name with a verdict (this folder)
  SOURCES_DIR/...    Papers with Code methods/tasks/metrics/datasets (CC BY-SA 4.0),
                     sota-extractor leaderboards (CC BY-SA 4.0), open-llms (Apache-2.0),
                     FastChat model registry (Apache-2.0), lm-evaluation-harness (MIT)

Output: kind<TAB>name<TAB>aliases(|)<TAB>flags(,)<TAB>source, sorted, one entity a line.
Deterministic: the same inputs give the same bytes.
"""
import csv
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ("model", "dataset", "method", "metric", "task")


def norm(s):
    """The matching key (same rule as paperkg's resolver and the reference scorer)."""
    s = unicodedata.normalize("NFKC", s).casefold().replace("+", "plus")
    s = "".join(ch for ch in s if ch.isalnum())
    if len(s) > 3 and s.endswith("s"):
        s = s[:-1]
    return s


# Names written with other numbers that are still the same entity (a nickname, a size in
# other units, an edition's other year).
SAME_DESPITE_NUMBERS = {
    ("YOLOv2", "YOLO9000"),
    ("Zero-1-to-3", "Zero-123"),
    ("Zero-1-to-3", "Zero123"),
    ("ImageNet-21K", "ImageNet-22K"),
    ("ImageNet-21K", "ImageNet22K"),
    ("Human3.6M", "H36M"),
    ("Places365", "Places2"),
    ("CAS-VSR-W1k", "LRW-1000"),
    ("Falcon 2", "falcon-11B"),
    ("GPT-3.5", "text-davinci-002"),
    ("GPT-3.5", "text-davinci-003"),
    # ILSVRC 2012 is the 1,000-class ImageNet (ImageNet-1K).
    ("ImageNet-1K", "ILSVRC-2012"),
    ("ImageNet-1K", "ILSVRC 2012"),
    ("ImageNet-1K", "ILSVRC2012"),
    ("ImageNet-1K", "ImageNet 2012"),
    ("ImageNet-1K", "ImageNet ILSVRC 2012"),
    ("ImageNet-1K", "ImageNet ILSVRC-2012"),
    ("ImageNet-1K", "ImageNet ILSVRC2012"),
}


def other_numbers(name, alias, kind=None):
    """Whether `alias` writes other numbers than `name`: neither one's numbers are among the
    other's, once years are shortened (`WMT 2014` / `WMT14`) and `.0` dropped (`CASIA 2.0` /
    `CASIA v2`). `CUB-200` for `CUB-200-2011` (fewer numbers) is the same entity; `ModelNet10`
    for `ModelNet40` is not. Names and aliases without digits on both sides never conflict."""
    if (name, alias) in SAME_DESPITE_NUMBERS:
        return False
    a, b = re.findall(r"\d+", name), re.findall(r"\d+", alias)
    if not a and b:
        # The name with a version after it is another version: `VideoMAE V2`, and for a
        # model any number after the name (`Gemma 2`, `ChatGLM3`); `BLEU-4` or `COCO 2017`
        # stay aliases.
        rest = alias.casefold().replace(name.casefold(), "", 1)
        version = r"[\s-]*(v|version\s*)\d+(\.\d+)?" if kind != "model" else r"[\s-]*(v|version\s*)?\d+(\.\d+)?"
        # Version 1 of X is X (`LLaMA 1`, `YOLOv1`).
        first = re.fullmatch(r"[\s-]*(v|version\s*)?0*1(\.0)?", rest) is not None
        return rest != alias.casefold() and re.fullmatch(version, rest) is not None and not first
    if not a or not b:
        return False

    def numbers(runs):
        runs = [r[2:] if len(r) == 4 and r[:2] in ("19", "20") else r for r in runs]
        return sorted(r for r in runs if r != "0")

    def within(x, y):
        y = list(y)
        for r in x:
            if r not in y:
                return False
            y.remove(r)
        return True

    x, y = numbers(a), numbers(b)
    return not (within(x, y) or within(y, x)) and "".join(a) != "".join(b)


def spells(acronym, long_form):
    """Whether the acronym's letters appear in order in the long form, the first at its
    start (`NER` in "Named Entity Recognition"; not `sRGB` in "SSIM")."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    text = long_form.lower()
    if not letters or not text.startswith(letters[0]):
        return False
    i = 0
    for c in letters:
        i = text.find(c, i)
        if i < 0:
            return False
        i += 1
    return True


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_stoplist():
    out = set()
    with open(os.path.join(HERE, "stoplist.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                out.add(norm(line))
    return out


def sentence_case(name):
    """`Object Detection` -> `object detection`, keeping acronyms and inner capitals
    (`BERT`, `ImageNet`, `3D`) as written."""
    words = name.split(" ")
    out = []
    for w in words:
        if len(w) > 1 and w[0].isupper() and w[1:].islower() and w[1:].isalpha():
            out.append(w.lower())
        else:
            out.append(w)
    return " ".join(out)


def plausible(name, min_len=3, max_words=6):
    """Reject junk rows: too short, too long, sentence-like, no letters, truncation debris."""
    if len(name) < min_len or len(name.split()) > max_words:
        return False
    if not re.search(r"[A-Za-z]", name):
        return False
    if re.search(r"[.;:!?]$|\s(of|the|a|an|and|for|with|in|on)$", name, re.I):
        return False
    if name.count("(") != name.count(")"):
        return False
    return True


def load_fixes():
    """source_fixes.tsv: (kind, key) -> "drop" or the entry's real kind."""
    out = {}
    with open(os.path.join(HERE, "source_fixes.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 4 or cols[0] not in KINDS or (cols[2] != "drop" and cols[2] not in KINDS):
                sys.exit(f"source_fixes.tsv:{n}: expected kind<TAB>name<TAB>drop|kind<TAB>reason")
            out[(cols[0], norm(cols[1]))] = cols[2]
    return out


class Lexicon:
    def __init__(self, stop, fixes=None):
        self.stop = stop
        self.fixes = fixes or {}
        self.entries = {}  # (kind, key) -> entry
        self.owner = {}  # key -> (kind, key) of the entry that owns this surface form

    def add(self, kind, name, aliases=(), flags=(), source="", override=False):
        name = name.strip()
        if not name:
            return
        # A fix may name the entry as the source writes it, parenthesis included.
        written_key = norm(name)
        # "Named Entity Recognition (NER)": the acronym is an alias, not part of the name;
        # "FEVER (3-way)", "Visual Genome (pairs)": a setting, dropped.
        m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)
        if m and not override:
            outer, inner = m.group(1).strip(), m.group(2).strip()
            acronym = (
                re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.+-]{1,9}", inner)
                and sum(c.isupper() for c in inner) >= 2
                and spells(inner, outer)
            )
            name = outer
            aliases = list(aliases) + ([inner] if acronym else [])
        key = norm(name)
        if not key or (not override and key in self.stop):
            return
        if not override:
            fix = self.fixes.get((kind, key)) or self.fixes.get((kind, written_key))
            if fix == "drop":
                return
            kind = fix or kind
        aliases = [a.strip() for a in aliases if a and a.strip()]
        if not override:
            aliases = [a for a in aliases if norm(a) not in self.stop]
        if key in self.owner:
            # An earlier (higher-priority) list already owns this name: only add aliases it
            # lacks, and only to an entity of the same kind (a model's repository ids are not
            # names of the dataset that shares its name).
            if self.owner[key][0] == kind:
                self._add_aliases(self.owner[key], aliases)
            return
        ent = {"kind": kind, "name": name, "aliases": [], "flags": list(flags), "source": source}
        self.entries[(kind, key)] = ent
        self.owner[key] = (kind, key)
        self._add_aliases((kind, key), aliases)

    def _add_aliases(self, ident, aliases):
        """Spellings that share the entity's key (`GPT2` for `GPT-2`) are kept too: the
        matcher looks for written forms, not keys. A form whose key another entity owns is
        dropped, and so is a form with other numbers than the name's (a different version,
        size or edition: ModelNet10 is not ModelNet40)."""
        ent = self.entries[ident]
        for a in aliases:
            ak = norm(a)
            if not ak or self.owner.get(ak, ident) != ident:
                continue
            if other_numbers(ent["name"], a, ent["kind"]):
                continue
            if a.casefold() == ent["name"].casefold() or any(a.casefold() == x.casefold() for x in ent["aliases"]):
                continue
            ent["aliases"].append(a)
            self.owner[ak] = ident

    def write(self, out):
        out.write("# paperkg lexicon, generated by build_lexicon.py: do not edit by hand; edit\n")
        out.write("# curated.tsv or stoplist.txt and rebuild. Licences: see README.md here\n")
        out.write("# (derived from CC BY-SA 4.0, Apache-2.0 and MIT lists; this file is CC BY-SA 4.0).\n")
        out.write("# kind\tname\taliases\tflags\tsource\n")
        rows = sorted(
            self.entries.values(),
            key=lambda e: (KINDS.index(e["kind"]), e["name"].casefold(), e["name"]),
        )
        for e in rows:
            aliases = sorted(set(e["aliases"]) - {e["name"]}, key=lambda a: (a.casefold(), a))
            out.write("\t".join([e["kind"], e["name"], "|".join(aliases), ",".join(e["flags"]), e["source"]]) + "\n")


def curated(lex):
    path = os.path.join(HERE, "curated.tsv")
    if not os.path.exists(path):
        sys.exit(f"{path}: missing (the hand-curated list is required)")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 4 or cols[0] not in KINDS:
                sys.exit(f"curated.tsv:{n}: expected kind<TAB>name<TAB>aliases<TAB>flags")
            kind, name, aliases, flags = cols
            lex.add(kind, name, aliases.split("|") if aliases else [],
                    [f for f in flags.split(",") if f], "curated", override=True)


def models(lex, src):
    for row in read_tsv(os.path.join(src, "open-llms", "open_llms.tsv")):
        if row["section"].startswith("Open LLM"):
            # Repository names are aliases only when they look like model ids (`gpt-neox-20b`),
            # not branch or folder words (`main`).
            ids = [i.split("/")[-1] for i in (row.get("hf_repo_ids") or "").split("|") if i]
            ids = [i for i in ids if not plain_words(i)]
            lex.add("model", row["name"], ids, source="open-llms")
    for row in read_tsv(os.path.join(src, "fastchat-model-registry", "models.tsv")):
        lex.add("model", row["simple_name"], source="fastchat")
    for row in read_tsv(os.path.join(src, "sota-extractor-tasks", "models.tsv")):
        name = row["model_name"]
        name = re.sub(r"\([^)]*\)", "", name)
        name = re.sub(r"\b(19|20)\d\d\b", "", name)
        name = re.sub(r"\b(noop|hs|human starts|no-op)\b", "", name, flags=re.I)
        name = " ".join(name.split()).strip(" ,-")
        if "et al" in name or not plausible(name, max_words=4):
            continue
        # Leaderboard rows name many systems by generic words ("Baseline Model", "Ensemble").
        if plain_words(name):
            continue
        lex.add("model", name, source="sota-extractor")


def plain_words(name):
    """Every word is an ordinary capitalised or lower-case word (`Experimental Results`,
    `Supervised`, `Spaces`): no digit, no acronym, no inner capital. Such rows of the dataset
    lists are mostly leaderboard debris and match ordinary prose; the widely used datasets
    named this way are in curated.tsv."""
    return all(re.fullmatch(r"[A-Z]?[a-z]+", w) for w in re.split(r"[\s-]+", name) if w)


def datasets(lex, src):
    for row in read_tsv(os.path.join(src, "sota-extractor-tasks", "datasets.tsv")):
        if plausible(row["dataset"], max_words=5) and not plain_words(row["dataset"]):
            lex.add("dataset", row["dataset"], source="sota-extractor")
    for row in read_tsv(os.path.join(src, "lm-evaluation-harness-tasks", "task_readme_titles.tsv")):
        heading = row["heading"].strip()
        if plausible(heading, max_words=4) and not plain_words(heading):
            lex.add("dataset", heading, source="lm-evaluation-harness")
    for row in read_tsv(os.path.join(src, "open-llms", "open_llms.tsv")):
        if not row["section"].startswith("Open LLM"):
            lex.add("dataset", row["name"], source="open-llms")
    # The Papers with Code names, reviewed one by one (datasets_review.tsv, in source order).
    with open(os.path.join(HERE, "datasets_review.tsv"), encoding="utf-8") as f:
        rows = csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in rows:
            verdict = row["verdict"]
            if verdict not in ("keep", "context", "drop"):
                sys.exit(f"datasets_review.tsv: unknown verdict {verdict!r} for {row['name']!r}")
            if verdict == "drop":
                continue
            name = row["clean_name"] or row["name"]
            aliases = [a for a in (row["aliases"] or "").split("|") if a]
            flags = ["context"] if verdict == "context" else []
            lex.add("dataset", name, aliases, flags, source="paperswithcode")


def metrics(lex, src):
    for row in read_tsv(os.path.join(src, "pwc-archive-tasks", "metrics.tsv")):
        name = re.sub(r"\s*\((%|percent)\)\s*$", "", row["metric"]).strip()
        # Two-letter column abbreviations (`MR`, `CD`, `PQ`) mean different things per
        # leaderboard; the common ones are in curated.tsv.
        if len(name) <= 2:
            continue
        if int(row["n_tasks"] or 0) >= 3 and plausible(name, min_len=2, max_words=4):
            lex.add("metric", sentence_case(name) if len(name) > 4 else name, source="paperswithcode")
    for row in read_tsv(os.path.join(src, "sota-extractor-tasks", "metrics.tsv")):
        name = row["metric"]
        if int(row["n_tables"] or 0) >= 2 and plausible(name, min_len=2, max_words=4):
            lex.add("metric", sentence_case(name) if len(name) > 4 else name, source="sota-extractor")


def tasks(lex, src):
    for row in read_tsv(os.path.join(src, "pwc-archive-tasks", "tasks.tsv")):
        name = row["task"]
        if int(row["dataset_count"] or 0) >= 1 and plausible(name, min_len=4, max_words=5):
            lex.add("task", sentence_case(name), source="paperswithcode")
    for row in read_tsv(os.path.join(src, "sota-extractor-tasks", "tasks.tsv")):
        if plausible(row["task"], min_len=4, max_words=5):
            lex.add("task", sentence_case(row["task"]), source="sota-extractor")


def methods(lex, src):
    for row in read_tsv(os.path.join(src, "paperswithcode-methods-2022", "methods.tsv")):
        name, full = row["name"].strip(), row["full_name"].strip()
        if not plausible(name, min_len=2, max_words=6):
            continue
        aliases = [sentence_case(full)] if full and full != name and plausible(full, max_words=8) else []
        lex.add("method", sentence_case(name), aliases, source="paperswithcode")


def acronyms(lex):
    """acronyms.tsv: an acronym and its long form become names of one entity."""
    with open(os.path.join(HERE, "acronyms.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 3 or cols[1] not in KINDS:
                sys.exit(f"acronyms.tsv:{n}: expected acronym<TAB>kind<TAB>long form")
            acronym, kind, long_form = cols
            owner = lex.owner.get(norm(acronym)) or lex.owner.get(norm(long_form))
            if owner:
                lex._add_aliases(owner, [acronym, long_form])
            else:
                lex.add(kind, long_form, [acronym], source="curated")


def mark_ambiguous(lex):
    """ambiguous.tsv: every acronym without a dominant sense gets the flag `ambiguous:ACR` on
    the entry that owns it and on the entries of its other senses that the lexicon holds."""
    with open(os.path.join(HERE, "ambiguous.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 4:
                sys.exit(f"ambiguous.tsv:{n}: expected acronym<TAB>senses<TAB>dominant<TAB>note")
            acronym, senses, dominant = cols[0], cols[1], cols[2]
            if dominant:
                continue
            idents = []
            if norm(acronym) in lex.owner:
                idents.append(lex.owner[norm(acronym)])
            for sense in senses.split(" | "):
                _, _, long_form = sense.partition(":")
                ident = lex.owner.get(norm(long_form))
                if ident and ident not in idents:
                    idents.append(ident)
            if not idents:
                continue
            for ident in idents:
                flag = f"ambiguous:{acronym}"
                if flag not in lex.entries[ident]["flags"]:
                    lex.entries[ident]["flags"].append(flag)


def main(argv):
    src = argv[1] if len(argv) > 1 else os.path.join(HERE, "..", "..", "..", "..", "shared", "lexicon-sources")
    lex = Lexicon(load_stoplist(), load_fixes())
    curated(lex)
    # Priority order: specific, well-typed lists first, so a name listed as a model and as a
    # "method" (PwC lists BERT and ResNet as methods) keeps the more specific kind.
    models(lex, src)
    datasets(lex, src)
    metrics(lex, src)
    tasks(lex, src)
    methods(lex, src)
    acronyms(lex)
    mark_ambiguous(lex)
    lex.write(sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
