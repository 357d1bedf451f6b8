#!/usr/bin/env python3
"""Deterministic synthetic data for the side-by-side benchmark.

Writes into OUT:
  blocklist-N.txt        plain list, one domain per line (each entry blocks itself and its subdomains)
  queries-zipf-N.txt     dnsperf input "name TYPE": 70% allowed names drawn Zipf(s=1) from a pool of
                         20k hostnames, 30% blocked (a Zipf-drawn list entry: 50% as is, 35% under a
                         common prefix, 15% under a random 8-hex label); A 60% / AAAA 40%
  queries-miss-N-S.txt   cache-miss-heavy input, one file per measurement step S (so no step replays
                         names an earlier step put in the cache): the same 70/30 split, but every
                         allowed query is a fresh random label under a Zipf-drawn allowed name and
                         every blocked query a fresh random label under a Zipf-drawn list entry
  probes-N.txt           key=value names for the correctness spot checks
  allowed.txt            the allowed hostname pool (in Zipf rank order)
  zones.txt              TLD zones the upstream serves (wildcard answers)

Everything comes from one fixed seed: blocklist-N is the first N names of one stream (the 100k list is a
prefix of the 1M list), and allowed and blocked names never share a registrable domain (partitioned by
crc32), so no allowed name is under a listed one for any N. Names are built from word pieces, syllables
and a weighted TLD mix, 2 to 5 labels, roughly like public ad and tracker lists.
"""
import argparse, bisect, os, random, sys, zlib

TLDS = [("com", 40), ("net", 9), ("org", 6), ("io", 3), ("de", 4), ("co.uk", 3),
        ("ru", 3), ("info", 2), ("xyz", 3), ("top", 2), ("fr", 2), ("nl", 1),
        ("com.br", 2), ("jp", 1), ("cn", 2), ("in", 1), ("us", 1), ("biz", 1),
        ("online", 1), ("site", 1), ("club", 1), ("app", 1), ("tv", 1), ("me", 1),
        ("pl", 1)]
SYL = ("ad ak al an ar as ba be bi bo bu ca ce ci co cu da de di do du el en er "
       "es fa fe fi fo ga ge gi go ha he hi ho in io ka ke ki ko la le li lo lu "
       "ma me mi mo mu na ne ni no nu on or pa pe pi po pu ra re ri ro ru sa se "
       "si so su ta te ti to tu un ur va ve vi vo xa xo ya yo za ze zi zo").split()
WORDS = ("ad ads analytics track tracker tracking pixel metric metrics stat stats "
         "banner click clicks media cdn cloud data tag tags beacon promo affiliate "
         "partner counter log event sync match bid rtb serve delivery content static "
         "api img video news shop game games app mobile web net online digital smart "
         "fast best top free live my get go hub zone box lab tech soft sys link trk "
         "mkt push notify offer deal win bet casino adult cam dating crypto coin mine "
         "vpn proxy host server node edge secure safe service global world city home "
         "market trade money cash loan health diet slim weather sport music movie "
         "tube stream play social chat mail search find info guide daily star").split()
PREFIXES = ("www www www ads ad cdn static img images t track tracking pixel metrics "
            "stats api m mobile s1 s2 s3 eu us log logs collect events beacon tag "
            "tags sync pagead adserver banners click go link rt data telemetry "
            "analytics sdk app config").split()
ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
HEX = "0123456789abcdef"
TLD_NAMES = [t for t, _ in TLDS]
TLD_CUM = []
_acc = 0
for _, _w in TLDS:
    _acc += _w
    TLD_CUM.append(_acc)
# miss-mix steps, in the order run.sh uses them
MISS_STEPS = ("run1", "run2", "run3", "run4", "run5", "lat", "half")


def sld(r):
    x = r.random()
    if x < 0.25:
        return r.choice(WORDS) + "-" + r.choice(WORDS)
    if x < 0.55:
        return r.choice(WORDS) + r.choice(WORDS)
    if x < 0.80:
        return "".join(r.choice(SYL) for _ in range(r.randint(2, 5)))
    if x < 0.90:
        return r.choice(WORDS) + str(r.randint(1, 9999))
    return "".join(r.choice(ALNUM) for _ in range(r.randint(6, 14)))


def sublabel(r):
    x = r.random()
    if x < 0.5:
        return r.choice(PREFIXES)
    if x < 0.8:
        return r.choice(WORDS) if r.random() < 0.5 else "".join(r.choice(SYL) for _ in range(r.randint(2, 4)))
    return "".join(r.choice(HEX) for _ in range(r.randint(6, 10)))


def tld(r):
    return TLD_NAMES[bisect.bisect_right(TLD_CUM, r.random() * _acc)]


def allowed_space(regdom):
    return zlib.crc32(regdom.encode()) % 16 == 0


def name_stream(seed, want_allowed, count_weights):
    """Yield unique names whose registrable domain is in the chosen partition."""
    r = random.Random(seed)
    seen = set()
    counts = [2, 3, 4, 5]
    cum = []
    a = 0
    for w in count_weights:
        a += w
        cum.append(a)
    while True:
        t = tld(r)
        reg = sld(r) + "." + t
        if allowed_space(reg) != want_allowed:
            continue
        n = counts[bisect.bisect_right(cum, r.random() * a)]
        extra = max(0, n - 1 - (t.count(".") + 1))
        name = ".".join([sublabel(r) for _ in range(extra)] + [reg])
        if name in seen:
            continue
        seen.add(name)
        yield name


def zipf_cum(n, s):
    cum = []
    acc = 0.0
    for k in range(1, n + 1):
        acc += 1.0 / (k ** s)
        cum.append(acc)
    return cum


def write_atomic(path, lines):
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(path + ".tmp", path)


def qtype(r):
    return "A" if r.random() < 0.6 else "AAAA"


def rand_label(r, lo, hi):
    return "".join(r.choice(HEX) for _ in range(r.randint(lo, hi)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, required=True, help="list size")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--queries", type=int, default=300000, help="lines of the Zipf query file")
    ap.add_argument("--miss-queries", type=int, default=0, help="lines per miss-mix step file (0: none)")
    ap.add_argument("--allowed-pool", type=int, default=20000)
    ap.add_argument("--blocked-share", type=float, default=0.30)
    ap.add_argument("--zipf", type=float, default=1.0)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    N = a.n

    blocked = []
    g = name_stream(a.seed, False, (35, 40, 18, 7))
    for _ in range(N):
        blocked.append(next(g))
    write_atomic(os.path.join(a.out, "blocklist-%d.txt" % N), blocked)

    # household-ish hostnames, mostly 3 labels (www.x.com, api.x.com)
    ga = name_stream(a.seed + 1, True, (20, 55, 20, 5))
    allowed = [next(ga) for _ in range(a.allowed_pool)]
    write_atomic(os.path.join(a.out, "allowed.txt"), allowed)

    acum = zipf_cum(len(allowed), a.zipf)
    bcum = zipf_cum(N, a.zipf)
    nb = int(round(a.queries * a.blocked_share))
    r = random.Random(a.seed + 2)
    lines = []
    for i in r.choices(range(len(allowed)), cum_weights=acum, k=a.queries - nb):
        lines.append(allowed[i] + " " + qtype(r))
    for i in r.choices(range(N), cum_weights=bcum, k=nb):
        d = blocked[i]
        x = r.random()
        if x < 0.50:
            q = d
        elif x < 0.85:
            q = r.choice(PREFIXES) + "." + d
        else:
            q = rand_label(r, 8, 8) + "." + d
        lines.append(q + " " + qtype(r))
    r.shuffle(lines)
    write_atomic(os.path.join(a.out, "queries-zipf-%d.txt" % N), lines)

    if a.miss_queries > 0:
        mb = int(round(a.miss_queries * a.blocked_share))
        for k, step in enumerate(MISS_STEPS):
            r = random.Random(a.seed + 100 + k)
            lines = []
            # the step name in each label keeps steps disjoint even if two random labels coincide
            for i in r.choices(range(len(allowed)), cum_weights=acum, k=a.miss_queries - mb):
                lines.append("%s%s.%s %s" % (step, rand_label(r, 10, 12), allowed[i], qtype(r)))
            for i in r.choices(range(N), cum_weights=bcum, k=mb):
                lines.append("%s%s.%s %s" % (step, rand_label(r, 10, 12), blocked[i], qtype(r)))
            r.shuffle(lines)
            write_atomic(os.path.join(a.out, "queries-miss-%d-%s.txt" % (N, step)), lines)

    with open(os.path.join(a.out, "probes-%d.txt" % N), "w") as f:
        f.write("blocked_first=%s\n" % blocked[0])
        f.write("blocked_last=%s\n" % blocked[-1])
        f.write("blocked_sub=probe-sub.%s\n" % blocked[N // 2])
        f.write("allowed=%s\n" % allowed[0])
        f.write("allowed_tail=%s\n" % allowed[-1])
        f.write("allowed_fresh=probe-fresh.%s\n" % allowed[len(allowed) // 2])
        f.write("blocked_share=%.4f\n" % (nb / float(a.queries)))
    write_atomic(os.path.join(a.out, "zones.txt"), sorted({t.split(".")[-1] for t in TLD_NAMES}))
    print("wrote %s: %d listed domains, %d Zipf queries (%d blocked), %d miss queries per step"
          % (a.out, N, a.queries, nb, a.miss_queries))


if __name__ == "__main__":
    sys.exit(main())
