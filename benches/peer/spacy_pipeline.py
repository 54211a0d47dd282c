"""Peer pipeline: what a Python user would write instead of `paperkg build --format json,csv`.

Reads a JSON Lines corpus (one paper per line: "id", "title", "abstract", ...), finds
mentions of the entities in paperkg's lexicon with a spaCy PhraseMatcher (attr="LOWER")
on a blank English pipeline plus the rule-based sentencizer, links every paper to each
distinct entity it mentions (weight = mention count, evidence = sentence of the first
mention), builds a networkx DiGraph and writes graph.json (node-link format) and
Gephi-style nodes.csv / edges.csv.

Usage: python3 spacy_pipeline.py INPUT.jsonl OUTDIR
Prints one JSON line: papers, nodes, edges, entities, seconds, peak_rss_mb.
"""
import time

START = time.perf_counter()  # the clock includes the imports below and the lexicon build

import csv
import json
import os
import resource
import sys

import networkx as nx
import spacy
from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans

LEXICON = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "..", "..", "src", "extract", "lexicon", "lexicon.tsv")


def load_lexicon(path):
    """Yield (kind, canonical name, [name + aliases]) for each lexicon line."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            kind, name, aliases = line.split("\t")[:3]
            terms = [name] + [a for a in aliases.split("|") if a]
            yield kind, name, terms


def build_matcher(nlp, path):
    """One PhraseMatcher rule per entry; the rule key is the graph node id."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    entities = {}  # node id -> (kind, canonical name)
    for kind, name, terms in load_lexicon(path):
        node_id = f"{kind}:{name.lower()}"
        entities[node_id] = (kind, name)
        matcher.add(node_id, list(nlp.tokenizer.pipe(terms)))
    return matcher, entities


def read_papers(path):
    """Yield (text, paper) pairs; text is "title. abstract"."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                paper = json.loads(line)
                text = f"{paper.get('title') or ''}. {paper.get('abstract') or ''}"
                yield text, paper


def build_graph(nlp, matcher, entities, corpus):
    graph = nx.DiGraph()
    papers = 0
    for doc, paper in nlp.pipe(read_papers(corpus), as_tuples=True, batch_size=256):
        papers += 1
        pid = f"paper:{paper['id']}"
        graph.add_node(pid, kind="paper", label=paper.get("title") or "")
        # as_spans=True gives Span objects labelled with the rule key (the node id).
        for span in filter_spans(matcher(doc, as_spans=True)):
            node_id = span.label_
            if graph.has_edge(pid, node_id):
                graph[pid][node_id]["weight"] += 1
            else:
                if node_id not in graph:
                    kind, name = entities[node_id]
                    graph.add_node(node_id, kind=kind, label=name)
                graph.add_edge(pid, node_id, weight=1, evidence=span.sent.text)
    return graph, papers


def write_outputs(graph, outdir):
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "graph.json"), "w", encoding="utf-8") as f:
        json.dump(nx.node_link_data(graph, edges="edges"), f, ensure_ascii=False)
    with open(os.path.join(outdir, "nodes.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Id", "Label", "kind"])
        for node, data in graph.nodes(data=True):
            w.writerow([node, data["label"], data["kind"]])
    with open(os.path.join(outdir, "edges.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Source", "Target", "Type", "Weight", "evidence"])
        for src, dst, data in graph.edges(data=True):
            w.writerow([src, dst, "Directed", data["weight"], data["evidence"]])


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: spacy_pipeline.py INPUT.jsonl OUTDIR")
    corpus, outdir = sys.argv[1], sys.argv[2]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")  # needed for span.sent (evidence sentences)
    matcher, entities = build_matcher(nlp, LEXICON)
    graph, papers = build_graph(nlp, matcher, entities, corpus)
    write_outputs(graph, outdir)
    n_entities = sum(1 for _, kind in graph.nodes(data="kind") if kind != "paper")
    print(json.dumps({
        "papers": papers,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "entities": n_entities,
        "seconds": round(time.perf_counter() - START, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    main()
