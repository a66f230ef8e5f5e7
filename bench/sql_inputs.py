#!/usr/bin/python3
"""
sql_inputs.py — the workload in the forms the server side of the benchmark
reads:

  sql_inputs.py copy MANIFEST OUT
      COPY text-format rows (id, kind, class, name, document as bytea hex)
      for every document except the size-scaling ones.
  sql_inputs.py load MANIFEST CLASS OUT_PREFIX NCLIENTS
      psql scripts that load every document of CLASS through
      govreport.load(document, name), one statement (and transaction) per
      report, the documents sent by the client as dollar-quoted literals;
      split round-robin into NCLIENTS files OUT_PREFIX.1.sql ...; prints
      how many reports they load
"""
import sys


def rows(manifest):
    for line in open(manifest, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        yield int(f[0]), f[1], f[2], f[3], f[5]


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def main():
    mode = sys.argv[1]
    if mode == "copy":
        with open(sys.argv[3], "w", encoding="utf-8") as out:
            for i, path, kind, cls, name in rows(sys.argv[2]):
                if cls == "scale":
                    continue
                data = open(path, "rb").read()
                out.write("%d\t%s\t%s\t%s\t\\\\x%s\n" % (i, kind, cls, esc(name), data.hex()))
    elif mode == "load":
        cls, prefix, n = sys.argv[3], sys.argv[4], int(sys.argv[5])
        outs = [open("%s.%d.sql" % (prefix, k + 1), "w", encoding="utf-8") for k in range(n)]
        k = 0
        for i, path, kind, c, name in rows(sys.argv[2]):
            if c != cls:
                continue
            doc = open(path, encoding="utf-8").read()
            tag = "$gr%d$" % i
            if tag in doc:
                sys.exit("document %d contains %s" % (i, tag))
            outs[k % n].write("SELECT govreport.load(%s%s%s, '%s');\n" % (tag, doc, tag, name.replace("'", "''")))
            k += 1
        for o in outs:
            o.close()
        print(k)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
