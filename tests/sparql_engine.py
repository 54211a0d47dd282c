#!/usr/bin/env python3
"""Runs saved queries (queries/*.rq) on graph.ttl in another SPARQL engine and prints their
rows as `paperkg sparql --json` does: one JSON object per row, node IRIs as paperkg node
ids, numbers as numbers. Parameters (`name=value`) replace the contents of the query's
`VALUES ?name { … }` block, as `paperkg sparql --param` does.

Usage: sparql_engine.py ENGINE GRAPH.ttl < cases.json > results.json
  ENGINE: oxigraph (the pyoxigraph package) or rdflib
  cases.json: [[QUERY.rq, [name=value, ...]], ...]; results.json: one row list per case.
"""
import json
import re
import sys
import urllib.parse

DATA = "https://paperkg.github.io/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def node_id(iri):
    return urllib.parse.unquote(iri[len(DATA):]) if iri.startswith(DATA) else iri


def literal(text, datatype):
    if datatype in (XSD + "integer", XSD + "int", XSD + "long"):
        return int(text)
    if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
        return float(text)
    if datatype == XSD + "boolean":
        return text == "true"
    return text


def with_params(query, params):
    for p in params:
        name, val = p.split("=", 1)
        lit = val if val.startswith("<") else json.dumps(val)
        query, n = re.subn(
            r"(VALUES\s+\?" + re.escape(name) + r"\s*\{)[^}]*(\})",
            lambda m: m.group(1) + " " + lit + " " + m.group(2),
            query,
        )
        assert n == 1, f"no VALUES ?{name} block"
    return query


def oxigraph(ttl):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=ttl, format=ox.RdfFormat.TURTLE)

    def run(query):
        result = store.query(query)
        names = [v.value for v in result.variables]
        rows = []
        for sol in result:
            row = {}
            for name in names:
                term = sol[name]
                if term is None:
                    continue
                if isinstance(term, ox.NamedNode):
                    row[name] = node_id(term.value)
                elif isinstance(term, ox.Literal):
                    row[name] = literal(term.value, term.datatype.value)
                else:
                    row[name] = str(term)
            rows.append(row)
        return rows

    return run


def rdflib_engine(ttl):
    import rdflib

    graph = rdflib.Graph()
    graph.parse(ttl, format="turtle")

    def run(query):
        result = graph.query(query)
        rows = []
        for sol in result:
            row = {}
            for var in result.vars:
                term = sol[var]
                if term is None:
                    continue
                if isinstance(term, rdflib.URIRef):
                    row[str(var)] = node_id(str(term))
                elif isinstance(term, rdflib.Literal):
                    dt = str(term.datatype) if term.datatype else None
                    row[str(var)] = literal(str(term), dt)
                else:
                    row[str(var)] = str(term)
            rows.append(row)
        return rows

    return run


def main():
    engine, ttl = sys.argv[1:3]
    run = {"oxigraph": oxigraph, "rdflib": rdflib_engine}[engine](ttl)
    out = []
    for rq, params in json.load(sys.stdin):
        with open(rq, encoding="utf-8") as f:
            out.append(run(with_params(f.read(), params)))
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
