#!/usr/bin/env python3
"""Black-box evaluator of `callvault redact` on the conversation set.

    Tools/eval_redact_conversations.py --bin PATH_TO_callvault [--set dev|test|holdout|blind|field|street|harbor|quay|reef|tide|gulf|marsh|delta|estuary|fjord|lagoon|shoal|cove|both|all] [--strict] [--show-misses]
    Tools/eval_redact_conversations.py --self-check

Reads Tests/VaultRedactTests/Fixtures/conversations-{dev,test}.jsonl (written by
Tools/gen_redact_conversations.py) and conversations-holdout.jsonl (written by a separate author with
Tools/gen_redact_holdout.py), and conversations-blind.jsonl (a fourth set by another separate author,
Tools/gen_redact_blind.py), and conversations-field.jsonl (a fifth, by a fourth author,
Tools/gen_redact_field.py); measured before any tuning on them, then tuned on their odd half only
(--half odd) and judged on the even half. conversations-street.jsonl (--set street) is a sixth set,
written by a fifth independent author with Tools/gen_redact_street.py. conversations-harbor.jsonl (--set harbor)
is a seventh, written by a sixth independent author with Tools/gen_redact_harbor.py. conversations-quay.jsonl
(--set quay) is an eighth, written by a seventh independent author with Tools/gen_redact_quay.py.
conversations-reef.jsonl (--set reef) is a ninth, written by an eighth independent author with Tools/gen_redact_reef.py.
conversations-tide.jsonl (--set tide) is a tenth, written by a ninth independent author with Tools/gen_redact_tide.py.
conversations-gulf.jsonl (--set gulf) is an eleventh, written by a tenth independent author with Tools/gen_redact_gulf.py.
conversations-marsh.jsonl (--set marsh) is a twelfth, written by an eleventh independent author with Tools/gen_redact_marsh.py.
conversations-delta.jsonl (--set delta) is a thirteenth, written by a twelfth independent author with Tools/gen_redact_delta.py.
conversations-estuary.jsonl (--set estuary) is a fourteenth, written by a thirteenth independent author with Tools/gen_redact_estuary.py.
conversations-fjord.jsonl (--set fjord) is a fifteenth, written by a fourteenth independent author with Tools/gen_redact_fjord.py.
conversations-lagoon.jsonl (--set lagoon) is a sixteenth, written by a fifteenth independent author with Tools/gen_redact_lagoon.py.
conversations-shoal.jsonl (--set shoal) is a seventeenth, written by a sixteenth independent author with Tools/gen_redact_shoal.py.
conversations-cove.jsonl (--set cove) is an eighteenth, written by a seventeenth independent author with Tools/gen_redact_cove.py.
--set both = dev + test (the default),
--set all = every set. Text cases of a split go to ONE `callvault redact --format jsonl`
call (input lines {"id","text"}; output lines {"id","redacted_text","spans":[{"start","end","kind",
"confidence"}]} in the same order); asr-json and vtt cases run one `--format asr-json` /
`--format vtt` process each (stdin to stdout).

Scoring rules
-------------
Reading digits. In the visible (not `*`) parts of the output, each Arabic or full-width digit
counts 1, each Chinese numeral 零〇一二三四五六七八九幺两 counts 1, each whole English number word
(zero oh o one two three four five six seven eight nine) counts 1, glued words ("twotwo") count
one per number word, "double"/"triple" count 0 on their own; a letter word partly masked (touching
a `*`) reads as nothing. An ID's check character (a lone X/x, full-width Ｘ, or 叉) counts as a digit
too: it is part of the number (otherwise a fragment holding only the check character said apart
could never leak).

Hidden fragment. A labelled fragment is HIDDEN when the output read at the fragment's place shows
no readable digit, except that when the fragment has last4_ok it may show up to its final 4
digits: at most 4 readable digits, all of them after the last masked character of the fragment,
equal to the fragment's trailing digits. Text and vtt outputs must keep lengths (each hidden code
point becomes `*`), so labels' offsets apply to the output; an output whose length differs is
"broken" (all its fragments missed, one wrong prediction, a negative counted as masked). In
asr-json the fragment's words are read in the output, word by word (the word count and segment
shape must be unchanged, otherwise broken).

Span recall = hidden fragments / labelled fragments (one leaked digit is a miss); per kind (the
label's kind), per phenomenon, per format, per language.

Precision. Predicted masked regions: text: each span of the jsonl output; asr-json: each maximal
run of consecutive words (Whisper: in segment order) whose string changed; vtt: each maximal run
of `*` that were not `*` in the input. A region is correct when it overlaps a labelled fragment of
the same case. Precision = correct / predicted (1.0 when nothing is predicted). Per-kind
precision uses the output span's kind (text cases only): a span overlapping only fragments of
another kind still counts correct and is reported as a "kind confusion". Regions in positive cases
that overlap no fragment are precision misses.

Hard negatives: cases with no labelled fragment; masked rate = share of them where anything was
masked (text: a changed redacted_text or any span; asr-json: any changed word or segment text;
vtt: any changed character).

Targets (--strict exits 1 unless met on every evaluated split): span recall >= 0.995, precision
>= 0.98, hard negatives masked <= 0.02. The last line printed is always
`redaction targets: N met, M missed`. Exit 2: usage error, missing fixtures, or a redactor
failure (non-zero exit, timeout, unparsable output).

--self-check runs the scorer against built-in redactors (no binary): an oracle masking exactly
the labels (recall 1, precision 1, negatives 0), the oracle keeping phones' last 4 digits where
allowed (same), the identity (recall 0, negatives 0), a leaky oracle showing each fragment's first
digit (recall 0) and an over-masker masking every digit (negatives masked, precision < 1), plus
unit checks of the digit reader and the fixtures' structure.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures")
KINDS = ["id_number", "bank_card", "phone"]
PHENOMENA = ["plain", "interruption", "continuation", "correction", "filler", "asr-chunks", "readback",
             "check-char-apart", "glued-words", "multi-number", "negative"]
TARGET_RECALL = 0.995
TARGET_PRECISION = 0.98
TARGET_NEG = 0.02


class Failure(Exception):
    """A usage problem or a redactor failure: exit 2."""


# --------------------------------------------------------------------------------------------
# Reading digits
# --------------------------------------------------------------------------------------------

CN_VAL = {"零": "0", "〇": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "三": "3", "四": "4",
          "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
EN_VAL = {"zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4",
          "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
EN_ZERO_WEIGHT = {"double", "triple"}
_VOCAB = list(EN_VAL) + sorted(EN_ZERO_WEIGHT)


def _decompose(word):
    """A letter word as a sequence of number words, or None (reading with the most digits)."""
    w = word.lower()
    best = [None] * (len(w) + 1)
    best[0] = []
    for i in range(len(w)):
        if best[i] is None:
            continue
        for v in _VOCAB:
            if w.startswith(v, i):
                cand = best[i] + [v]
                cur = best[i + len(v)]
                score = lambda p: sum(1 for x in p if x in EN_VAL)
                if cur is None or score(cand) > score(cur):
                    best[i + len(v)] = cand
    return best[len(w)]


def _letter_runs(s):
    runs = []
    i, n = 0, len(s)
    while i < n:
        if s[i].isascii() and s[i].isalpha():
            j = i
            while j < n and s[j].isascii() and s[j].isalpha():
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def read_units(s, ref=None):
    """Readable digits of s: [(start, end, count, digits)].

    ref, when given, is the input text at the same place (same length): a letter word of the
    output then reads as nothing when any character of the input word(s) it lies in is masked.
    Without ref, a letter word touching a `*` reads as nothing (a lone X is always read).
    """
    if ref is not None and len(ref) != len(s):
        ref = None
    ref_runs = _letter_runs(ref) if ref is not None else []
    res = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if "0" <= c <= "9":
            res.append((i, i + 1, 1, c)); i += 1; continue
        if "０" <= c <= "９":
            res.append((i, i + 1, 1, str(ord(c) - 0xFF10))); i += 1; continue
        if c in CN_VAL:
            res.append((i, i + 1, 1, CN_VAL[c])); i += 1; continue
        if c in "Ｘ叉":
            res.append((i, i + 1, 1, "X")); i += 1; continue
        if c.isascii() and c.isalpha():
            j = i
            while j < n and s[j].isascii() and s[j].isalpha():
                j += 1
            w = s[i:j]
            if ref is not None:
                a, b = i, j
                for ra, rb in ref_runs:
                    if ra < j and i < rb:
                        a, b = min(a, ra), max(b, rb)
                partly_masked = "*" in s[a:b]
            else:
                partly_masked = (i > 0 and s[i - 1] == "*") or (j < n and s[j] == "*")
                if w.lower() == "x":
                    partly_masked = False
            if not partly_masked:
                if w.lower() == "x":
                    res.append((i, j, 1, "X"))
                else:
                    parts = _decompose(w)
                    if parts:
                        ds = "".join(EN_VAL[p] for p in parts if p in EN_VAL)
                        if ds:
                            res.append((i, j, len(ds), ds))
            i = j
            continue
        i += 1
    return res


def readable_count(s):
    return sum(u[2] for u in read_units(s))


def fragment_hidden(out_region, in_region, last4_ok):
    u = read_units(out_region, in_region)
    total = sum(x[2] for x in u)
    if total == 0:
        return True
    if not last4_ok or total > 4:
        return False
    first = u[0][0]
    if "*" in out_region[first:]:
        return False
    shown = "".join(x[3] for x in u)
    full = "".join(x[3] for x in read_units(in_region))
    return full.endswith(shown)


def overlaps(a0, a1, b0, b1):
    return a0 < b1 and b0 < a1


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------

class CaseResult:
    def __init__(self, case):
        self.case = case
        self.frags = []      # dicts: kind, hidden, last4_ok, shown, label_text
        self.preds = []      # dicts: kind (text spans) or None, correct, confused, text
        self.masked_any = False
        self.broken = None
        self.notes = defaultdict(int)


def labels_of(case):
    if case["format"] == "asr-json":
        return case["entities"]
    return case["spans"]


def score_text_like(case, text, out, out_spans=None):
    """Text (with output spans) and vtt (without: runs of new `*`)."""
    r = CaseResult(case)
    spans = case["spans"]
    if out is None or len(out) != len(text):
        if out is not None and out.rstrip("\r\n") != out and len(out.rstrip("\r\n")) == len(text.rstrip("\r\n")):
            out = out.rstrip("\r\n") + text[len(text.rstrip("\r\n")):]
        else:
            r.broken = "output length differs from input" if out is not None else "no output"
            for sp in spans:
                r.frags.append({"kind": sp["kind"], "hidden": False, "last4_ok": sp["last4_ok"],
                                "label_text": text[sp["start"]:sp["end"]], "shown": "<broken output>"})
            r.preds.append({"kind": None, "correct": False, "confused": False, "text": "<broken output>"})
            r.masked_any = True
            return r
    for sp in spans:
        s, e = sp["start"], sp["end"]
        hidden = fragment_hidden(out[s:e], text[s:e], sp["last4_ok"])
        r.frags.append({"kind": sp["kind"], "hidden": hidden, "last4_ok": sp["last4_ok"],
                        "label_text": text[s:e], "shown": out[s:e]})
    if out_spans is not None:
        r.masked_any = out != text or bool(out_spans)
        covered = [False] * len(text)
        for osp in out_spans:
            try:
                s, e, k = int(osp["start"]), int(osp["end"]), str(osp.get("kind"))
            except (KeyError, TypeError, ValueError):
                r.preds.append({"kind": "?", "correct": False, "confused": False, "text": repr(osp)})
                continue
            if not (0 <= s < e <= len(text)):
                r.preds.append({"kind": k, "correct": False, "confused": False, "text": f"<span {s}-{e} out of range>"})
                r.notes["spans out of range"] += 1
                continue
            for i in range(s, e):
                covered[i] = True
            hit = [sp for sp in spans if overlaps(s, e, sp["start"], sp["end"])]
            correct = bool(hit)
            confused = correct and not any(sp["kind"] == k for sp in hit)
            r.preds.append({"kind": k, "correct": correct, "confused": confused, "text": out[s:e],
                            "context": text[max(0, s - 12):e + 12]})
            if "*" not in out[s:e]:
                r.notes["output spans over no masked character"] += 1
        if any(o == "*" and t != "*" and not c for o, t, c in zip(out, text, covered)):
            r.notes["cases masking outside their reported spans"] += 1
    else:
        r.masked_any = out != text
        i, n = 0, len(text)
        while i < n:
            if out[i] == "*" and text[i] != "*":
                j = i
                while j < n and out[j] == "*" and text[j] != "*":
                    j += 1
                hit = [sp for sp in spans if overlaps(i, j, sp["start"], sp["end"])]
                r.preds.append({"kind": None, "correct": bool(hit), "confused": False, "text": out[i:j],
                                "context": text[max(0, i - 12):j + 12]})
                i = j
            else:
                i += 1
    return r


def asr_words(tr):
    """Flattened words: list of (key, word string, segment index or None)."""
    if isinstance(tr, dict) and isinstance(tr.get("words"), list):
        return [(i, w.get("word") if isinstance(w, dict) else None, None) for i, w in enumerate(tr["words"])]
    if isinstance(tr, dict) and isinstance(tr.get("segments"), list):
        res = []
        for si, seg in enumerate(tr["segments"]):
            ws = seg.get("words") if isinstance(seg, dict) else None
            if not isinstance(ws, list):
                return None
            for wi, w in enumerate(ws):
                res.append(((si, wi), w.get("word") if isinstance(w, dict) else None, si))
        return res
    return None


def score_asr(case, out_tr):
    r = CaseResult(case)
    tr = case["transcript"]
    inw = asr_words(tr)
    outw = asr_words(out_tr) if out_tr is not None else None
    whisper = "segments" in tr
    same_shape = outw is not None and len(outw) == len(inw) and all(a[0] == b[0] for a, b in zip(inw, outw)) \
        and all(isinstance(b[1], str) for b in outw)
    keyidx = {k: i for i, (k, _, _) in enumerate(inw)}
    ents = []
    for e in case["entities"]:
        idx = [keyidx[tuple(x) if isinstance(x, list) else x] for x in e["words"]]
        ents.append((e, idx))
    if not same_shape:
        r.broken = "word list shape changed" if out_tr is not None else "no output"
        for e, idx in ents:
            r.frags.append({"kind": e["kind"], "hidden": False, "last4_ok": e["last4_ok"],
                            "label_text": " ".join(inw[i][1] for i in idx), "shown": "<broken output>"})
        r.preds.append({"kind": None, "correct": False, "confused": False, "text": "<broken output>"})
        r.masked_any = True
        return r
    for e, idx in ents:
        o = " ".join(outw[i][1] for i in idx)
        t = " ".join(inw[i][1] for i in idx)
        r.frags.append({"kind": e["kind"], "hidden": fragment_hidden(o, t, e["last4_ok"]), "last4_ok": e["last4_ok"],
                        "label_text": t, "shown": o})
    labelled = set(i for _, idx in ents for i in idx)
    changed = [a[1] != b[1] for a, b in zip(inw, outw)]
    i, n = 0, len(changed)
    while i < n:
        if changed[i]:
            j = i
            while j < n and changed[j]:
                j += 1
            r.preds.append({"kind": None, "correct": any(k in labelled for k in range(i, j)), "confused": False,
                            "text": " ".join(outw[k][1] for k in range(i, j)),
                            "context": " ".join(inw[k][1] for k in range(max(0, i - 3), min(n, j + 3)))})
            i = j
        else:
            i += 1
    r.masked_any = any(changed)
    if whisper:
        segs_in, segs_out = tr["segments"], out_tr["segments"]
        for si, (a, b) in enumerate(zip(segs_in, segs_out)):
            if isinstance(b, dict) and b.get("text") != a.get("text"):
                r.masked_any = True
        with_labels = set(inw[i][2] for i in labelled)
        for si in with_labels:
            if isinstance(segs_out[si], dict) and segs_out[si].get("text") == segs_in[si].get("text"):
                r.notes["whisper segment texts left unchanged over a labelled number"] += 1
    return r


# --------------------------------------------------------------------------------------------
# Running the redactor
# --------------------------------------------------------------------------------------------

def run_bin(binary, fmt, data: bytes, timeout):
    try:
        p = subprocess.run([binary, "redact", "--format", fmt], input=data, capture_output=True, timeout=timeout)
    except FileNotFoundError:
        raise Failure(f"cannot run {binary}: not found")
    except PermissionError:
        raise Failure(f"cannot run {binary}: permission denied")
    except subprocess.TimeoutExpired:
        raise Failure(f"`callvault redact --format {fmt}` timed out after {timeout} s")
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Failure(f"`callvault redact --format {fmt}` exited {p.returncode}: " + " | ".join(err[:10]))
    try:
        return p.stdout.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Failure(f"`callvault redact --format {fmt}` wrote invalid UTF-8: {e}")


def redact_with_binary(binary, cases, timeout):
    """Outputs per case id: text -> (redacted_text, spans); asr-json -> object; vtt -> str."""
    outs = {}
    texts = [c for c in cases if c["format"] == "text"]
    if texts:
        data = "".join(json.dumps({"id": c["id"], "text": c["text"]}, ensure_ascii=False) + "\n" for c in texts)
        out = run_bin(binary, "jsonl", data.encode("utf-8"), timeout * 10)
        lines = [l for l in out.split("\n") if l.strip()]
        if len(lines) != len(texts):
            raise Failure(f"jsonl output has {len(lines)} lines for {len(texts)} input lines")
        for c, line in zip(texts, lines):
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise Failure(f"jsonl output line for {c['id']} is not JSON: {e}")
            if not isinstance(rec, dict) or rec.get("id") != c["id"]:
                raise Failure(f"jsonl output out of order: expected id {c['id']}, got {rec.get('id') if isinstance(rec, dict) else rec!r}")
            if not isinstance(rec.get("redacted_text"), str) or not isinstance(rec.get("spans"), list):
                raise Failure(f"jsonl output for {c['id']} lacks redacted_text (string) or spans (list)")
            outs[c["id"]] = (rec["redacted_text"], rec["spans"])
    for c in cases:
        if c["format"] == "asr-json":
            out = run_bin(binary, "asr-json", json.dumps(c["transcript"], ensure_ascii=False).encode("utf-8"), timeout)
            try:
                outs[c["id"]] = json.loads(out)
            except json.JSONDecodeError as e:
                raise Failure(f"asr-json output for {c['id']} is not JSON: {e}")
        elif c["format"] == "vtt":
            outs[c["id"]] = run_bin(binary, "vtt", c["transcript_text"].encode("utf-8"), timeout)
    return outs


def score_case(case, out):
    if case["format"] == "text":
        red, spans = out if out is not None else (None, [])
        return score_text_like(case, case["text"], red, spans)
    if case["format"] == "vtt":
        return score_text_like(case, case["transcript_text"], out, None)
    return score_asr(case, out)


# --------------------------------------------------------------------------------------------
# Aggregation and report
# --------------------------------------------------------------------------------------------

class Agg:
    def __init__(self):
        self.fr = 0
        self.hid = 0
        self.pred = 0
        self.ok = 0
        self.cases = 0
        self.neg = 0
        self.negm = 0

    def recall(self):
        return self.hid / self.fr if self.fr else None

    def precision(self):
        return self.ok / self.pred if self.pred else None

    def negrate(self):
        return self.negm / self.neg if self.neg else None


def aggregate(results):
    groups = defaultdict(Agg)
    kind_prec = defaultdict(Agg)
    confusions = 0
    broken = 0
    notes = defaultdict(int)
    for r in results:
        c = r.case
        keys = ["overall", "phenomenon " + c["phenomenon"], "format " + c["format"], "lang " + c["lang"]]
        is_neg = not labels_of(c)
        broken += bool(r.broken)
        for k, v in r.notes.items():
            notes[k] += v
        for key in keys:
            g = groups[key]
            g.cases += 1
            if is_neg:
                g.neg += 1
                g.negm += r.masked_any
            g.pred += len(r.preds)
            g.ok += sum(p["correct"] for p in r.preds)
            g.fr += len(r.frags)
            g.hid += sum(f["hidden"] for f in r.frags)
        for f in r.frags:
            g = groups["kind " + f["kind"]]
            g.fr += 1
            g.hid += f["hidden"]
        if c["format"] == "text":
            for p in r.preds:
                kp = kind_prec[p["kind"] or "?"]
                kp.pred += 1
                kp.ok += p["correct"]
                confusions += p["confused"]
    return groups, kind_prec, confusions, broken, notes


def fmt_num(x):
    return "    -" if x is None else f"{x:.3f}"


def report(split, results, show_misses):
    groups, kind_prec, confusions, broken, notes = aggregate(results)
    ov = groups["overall"]
    npos = ov.cases - ov.neg
    print(f"\n== split {split}: {ov.cases} cases ({npos} with numbers, {ov.neg} hard negatives), "
          f"{ov.fr} labelled fragments ==")
    print(f"{'group':<28}{'cases':>6}{'frags':>7}{'recall':>8}{'masked':>8}{'precision':>10}{'negs':>6}{'neg-masked':>11}")
    rows = []
    for k in KINDS:
        g = groups.get("kind " + k, Agg())
        kp = kind_prec.get(k, Agg())
        rows.append((f"kind {k}", "", g.fr, g.recall(), kp.pred, kp.precision(), "", None))
    for k in sorted(set(kind_prec) - set(KINDS)):
        kp = kind_prec[k]
        rows.append((f"kind {k} (output only)", "", 0, None, kp.pred, kp.precision(), "", None))
    for prefix, order in (("phenomenon ", PHENOMENA), ("format ", ["text", "asr-json", "vtt"]), ("lang ", ["zh", "en", "mixed"])):
        for name in order:
            g = groups.get(prefix + name)
            if g is None:
                continue
            rows.append((prefix + name, g.cases, g.fr, g.recall(), g.pred, g.precision(), g.neg or "", g.negrate()))
    rows.append(("overall", ov.cases, ov.fr, ov.recall(), ov.pred, ov.precision(), ov.neg, ov.negrate()))
    for name, cases, fr, rec, pred, prec, neg, negr in rows:
        if name == "overall":
            print("-" * 84)
        print(f"{name:<28}{cases!s:>6}{fr!s:>7}{fmt_num(rec):>8}{pred!s:>8}{fmt_num(prec):>10}{neg!s:>6}{fmt_num(negr):>11}")
    print("(kind rows: recall by label kind over all formats; precision by output span kind, text cases only; "
          "'masked' = predicted masked regions)")
    print(f"kind confusions (text spans overlapping only fragments of another kind): {confusions}")
    if broken:
        print(f"broken outputs (length or shape changed): {broken}")
    for k, v in sorted(notes.items()):
        print(f"note: {k}: {v}")
    if show_misses:
        print_misses(split, results)
    rec = ov.recall() if ov.recall() is not None else 1.0
    prec = ov.precision() if ov.precision() is not None else 1.0
    negr = ov.negrate() if ov.negrate() is not None else 0.0
    targets = [
        (f"{split} span recall {rec:.4f} >= {TARGET_RECALL}", rec >= TARGET_RECALL),
        (f"{split} precision {prec:.4f} >= {TARGET_PRECISION}", prec >= TARGET_PRECISION),
        (f"{split} hard negatives masked {negr:.4f} <= {TARGET_NEG}", negr <= TARGET_NEG),
    ]
    for text, ok in targets:
        print(f"target {'met   ' if ok else 'MISSED'} {text}")
    return targets


def print_misses(split, results):
    print(f"-- misses in {split} --")
    for r in results:
        c = r.case
        tag = f"{c['id']} [{c['phenomenon']}/{c['format']}/{c['lang']}]"
        if r.broken:
            print(f"{tag} BROKEN: {r.broken}")
        for f in r.frags:
            if not f["hidden"]:
                print(f"{tag} LEAK {f['kind']}{' last4_ok' if f['last4_ok'] else ''}: {f['label_text']!r} -> {f['shown']!r}")
        for p in r.preds:
            if not p["correct"]:
                what = "NEGATIVE MASKED" if not labels_of(c) else "FALSE MASK"
                print(f"{tag} {what}{' ' + p['kind'] if p.get('kind') else ''}: {p['text']!r} in {p.get('context', '')!r}")
        if not labels_of(c) and r.masked_any and not any(not p["correct"] for p in r.preds):
            print(f"{tag} NEGATIVE CHANGED (no `*` run): output differs from input")


# --------------------------------------------------------------------------------------------
# Built-in redactors for --self-check
# --------------------------------------------------------------------------------------------

def _mask_region(chars, s, e):
    for i in range(s, e):
        chars[i] = "*"


def _keep_from(region):
    """Offset in region from which the last (at most) 4 readable digits may stay visible."""
    us = read_units(region)
    acc = 0
    keep = len(region)
    for u in reversed(us):
        if acc + u[2] > 4:
            break
        acc += u[2]
        keep = u[0]
    return keep


def oracle_text(text, spans, mode):
    chars = list(text)
    for sp in spans:
        s, e = sp["start"], sp["end"]
        if mode == "last4" and sp["last4_ok"]:
            _mask_region(chars, s, s + _keep_from(text[s:e]))
        else:
            _mask_region(chars, s, e)
        if mode == "leaky":
            u = read_units(text[s:e])
            if u:
                for i in range(s + u[0][0], s + u[0][1]):
                    chars[i] = text[i]
    return "".join(chars)


def overmask_text(text):
    chars = list(text)
    for s, e, _, _ in read_units(text):
        _mask_region(chars, s, e)
    return "".join(chars)


def mask_runs(orig, out):
    runs = []
    i, n = 0, len(out)
    while i < n:
        if out[i] == "*" and orig[i] != "*":
            j = i
            while j < n and out[j] == "*" and orig[j] != "*":
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def oracle_asr(case, mode):
    tr = copy.deepcopy(case["transcript"])
    whisper = "segments" in tr

    def get(k):
        return tr["segments"][k[0]]["words"][k[1]] if whisper else tr["words"][k]

    touched = set()
    if mode == "overmask":
        keys = [(si, wi) for si, s in enumerate(tr["segments"]) for wi in range(len(s["words"]))] if whisper \
            else list(range(len(tr["words"])))
        for k in keys:
            w = get(k)
            if readable_count(w["word"]):
                w["word"] = "*" * len(w["word"])
                touched.add(k[0] if whisper else None)
    elif mode != "identity":
        for e in case["entities"]:
            keys = [tuple(x) if isinstance(x, list) else x for x in e["words"]]
            keep_digits = 4 if (mode == "last4" and e["last4_ok"]) else 0
            for k in reversed(keys):
                w = get(k)
                cnt = readable_count(w["word"])
                if keep_digits and cnt <= keep_digits:
                    keep_digits -= cnt
                    continue
                if keep_digits and w["word"].strip().isdigit():
                    word = w["word"]
                    w["word"] = "*" * (len(word) - keep_digits) + word[len(word) - keep_digits:]
                    keep_digits = 0
                    touched.add(k[0] if whisper else None)
                    continue
                keep_digits = 0
                w["word"] = "*" * len(w["word"])
                touched.add(k[0] if whisper else None)
            if mode == "leaky":
                for k in keys:
                    orig = case["transcript"]["segments"][k[0]]["words"][k[1]]["word"] if whisper \
                        else case["transcript"]["words"][k]["word"]
                    if readable_count(orig):
                        get(k)["word"] = orig
                        break
    if whisper:
        for si in touched:
            seg = tr["segments"][si]
            seg["text"] = "".join(w["word"] for w in seg["words"]).strip()
    return tr


def builtin_outputs(cases, mode):
    outs = {}
    for c in cases:
        if c["format"] == "asr-json":
            outs[c["id"]] = oracle_asr(c, mode)
            continue
        text = c["text"] if c["format"] == "text" else c["transcript_text"]
        if mode == "identity":
            red = text
        elif mode == "overmask":
            red = overmask_text(text)
        else:
            red = oracle_text(text, c["spans"], mode)
        if c["format"] == "text":
            if mode == "overmask":
                spans = [{"start": s, "end": e, "kind": "phone", "confidence": 0.5} for s, e in mask_runs(text, red)]
            elif mode == "identity":
                spans = []
            else:
                spans = [{"start": sp["start"], "end": sp["end"], "kind": sp["kind"], "confidence": 1.0} for sp in c["spans"]]
            outs[c["id"]] = (red, spans)
        else:
            outs[c["id"]] = red
    return outs


def check_fixture_structure(cases, split):
    problems = []
    ids = set()
    for c in cases:
        cid = c.get("id")
        if cid in ids:
            problems.append(f"duplicate id {cid}")
        ids.add(cid)
        if c.get("set") != split:
            problems.append(f"{cid}: set {c.get('set')!r}")
        if c.get("phenomenon") not in PHENOMENA:
            problems.append(f"{cid}: phenomenon {c.get('phenomenon')!r}")
        if c.get("lang") not in ("zh", "en", "mixed"):
            problems.append(f"{cid}: lang {c.get('lang')!r}")
        fmt = c.get("format")
        labels = labels_of(c) if fmt in ("text", "vtt", "asr-json") else None
        if labels is None:
            problems.append(f"{cid}: format {fmt!r}")
            continue
        if (c["phenomenon"] == "negative") != (not labels):
            problems.append(f"{cid}: negatives must have no labels, others some")
        for lab in labels:
            if lab.get("kind") not in KINDS or not isinstance(lab.get("last4_ok"), bool):
                problems.append(f"{cid}: bad label {lab}")
            if lab.get("last4_ok") and lab.get("kind") != "phone":
                problems.append(f"{cid}: last4_ok on a {lab.get('kind')}")
        if fmt in ("text", "vtt"):
            text = c["text"] if fmt == "text" else c["transcript_text"]
            for sp in labels:
                s, e = sp["start"], sp["end"]
                if not (0 <= s < e <= len(text)) or "\n" in text[s:e] or text[s:e] != text[s:e].strip():
                    problems.append(f"{cid}: span {s}-{e} bad")
                elif readable_count(text[s:e]) == 0:
                    problems.append(f"{cid}: span {s}-{e} holds no digit")
            if fmt == "vtt" and not text.startswith("WEBVTT"):
                problems.append(f"{cid}: no WEBVTT header")
        else:
            ws = asr_words(c["transcript"])
            keys = set(k for k, _, _ in ws)
            for e in labels:
                for x in e["words"]:
                    if (tuple(x) if isinstance(x, list) else x) not in keys:
                        problems.append(f"{cid}: entity word {x} missing")
    return problems


class SetCheckFailed(Exception):
    """A generated set fails the scorer's structure check or its built-in redactors' checks."""


def require_set_checks(cases, split):
    """What a generator runs on its whole set before writing it: the structure check, then the
    built-in redactors (`builtin_set_checks`). Raises SetCheckFailed at the first problem; returns
    the report lines ("PASS oracle: recall 1.000, …")."""
    probs = check_fixture_structure(cases, split)
    if probs:
        raise SetCheckFailed("scorer structure check: " + "; ".join(probs[:10]))
    report = []
    for ok, line in builtin_set_checks(cases):
        report.append(("PASS " if ok else "FAIL ") + line)
        if not ok:
            raise SetCheckFailed("set check failed: " + line)
    return report


def generator_main(argv, name, generate, summary, out, seed, failures, root):
    """The command line a generator runs (`--out PATH`, `--stdout`, `--quiet`; a hidden `--seed`):
    `generate(seed)` returns (cases, report, stats, redraws); the cases are written as JSON lines
    only when it raised none of `failures` (nor SetCheckFailed), then `summary(stats)`, the
    built-in redactors' report and the redraws go to standard error. Returns the exit status."""
    ap = argparse.ArgumentParser(description=f"Write the {name} conversation set for `callvault redact`.")
    ap.add_argument("--out", default=out, help=f"output path (default {os.path.relpath(out, root)})")
    ap.add_argument("--stdout", action="store_true", help="print the cases instead of writing them")
    ap.add_argument("--seed", type=int, default=seed, help=argparse.SUPPRESS)
    ap.add_argument("--quiet", action="store_true", help="no summary on stderr")
    args = ap.parse_args(argv)
    try:
        cases, report, stats, redraws = generate(args.seed)
    except (SetCheckFailed, *failures) as e:
        print(f"gen_redact_{name}: FAILED: {e}", file=sys.stderr)
        return 1
    data = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
    if args.stdout:
        sys.stdout.write(data)
    else:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(data)
    if not args.quiet:
        err = sys.stderr
        print(f"{len(cases)} cases{'' if args.stdout else ' -> ' + args.out}", file=err)
        for l in summary(stats):
            print("  " + l, file=err)
        for l in report:
            print("  scorer built-in redactors: " + l, file=err)
        print(f"  redraws {sum(redraws.values())}: " + ", ".join(f"{k} {v}" for k, v in redraws.most_common(12)), file=err)
    return 0


BUILTIN_MODES = ("oracle", "last4", "identity", "leaky", "overmask")


def builtin_set_checks(cases):
    """The built-in redactors scored on a whole set, each as it must score (the oracles perfectly,
    the unmasked outputs no better than the phones' short last-4 fragments, the over-masker on
    nearly every negative): a list of (ok, "MODE: recall …, precision …, negatives masked …")."""
    checks = []
    share = short_last4_share(cases)
    for mode in BUILTIN_MODES:
        outs = builtin_outputs(cases, mode)
        results = [score_case(c, outs[c["id"]]) for c in cases]
        groups, kind_prec, confusions, broken, notes = aggregate(results)
        ov = groups["overall"]
        rec, prec, negr = ov.recall(), ov.precision(), ov.negrate()
        if mode in ("oracle", "last4"):
            ok = rec == 1.0 and prec == 1.0 and negr == 0.0 and confusions == 0 and not broken
        elif mode == "identity":
            # A phone fragment of its last four digits alone (a read-back "尾号8147") may show
            # whole, so only those can count as hidden when nothing is masked.
            ok = rec is not None and rec <= share and negr == 0.0 and ov.pred == 0
        elif mode == "leaky":
            ok = rec is not None and rec <= share and negr == 0.0
        else:
            ok = negr is not None and negr > 0.9 and prec is not None and prec < 1.0
        checks.append((ok, f"{mode}: recall {fmt_num(rec)}, precision {fmt_num(prec)}, negatives masked {fmt_num(negr)}"))
    return checks


def builtin_case_problem(case, split):
    """The structure check and the built-in redactors on one case, as a generator runs them while it
    writes: the first problem found, or None."""
    probs = check_fixture_structure([case], split)
    if probs:
        return f"{case['id']}: scorer structure check: {probs}"
    neg = not labels_of(case)
    for mode in BUILTIN_MODES:
        res = score_case(case, builtin_outputs([case], mode)[case["id"]])
        if res.broken:
            return f"{case['id']}: {mode} output broken: {res.broken}"
        if mode in ("oracle", "last4"):
            if not all(f["hidden"] for f in res.frags) or not all(p["correct"] for p in res.preds) or (neg and res.masked_any) \
                    or any(p["confused"] for p in res.preds):
                return f"{case['id']}: {mode}: fragments {res.frags} preds {res.preds}"
        elif mode == "identity":
            if res.preds or (neg and res.masked_any):
                return f"{case['id']}: identity predicted something"
        elif mode == "leaky":
            for fr in res.frags:
                if fr["hidden"] and not (fr["last4_ok"] and readable_count(fr["label_text"]) <= 4):
                    return f"{case['id']}: leaky oracle hid {fr}"
        elif mode == "overmask" and neg and not res.masked_any:
            return f"{case['id']}: over-masker masked nothing in a negative"
    return None


def self_check():
    failures = []

    def expect(cond, what):
        print(f"{'PASS' if cond else 'FAIL'} {what}")
        if not cond:
            failures.append(what)

    # digit reader
    expect(readable_count("twotwo") == 2, "reader: glued 'twotwo' reads 2 digits")
    expect(readable_count("***two") == 0, "reader: a partly masked word reads as nothing")
    expect(readable_count("double eight") == 1, "reader: 'double eight' reads 1")
    expect(readable_count("幺三八 １３８ 0") == 7, "reader: Chinese numerals, full-width and Arabic digits")
    expect(readable_count("someone often") == 0, "reader: ordinary words read as nothing")
    expect(sum(u[2] for u in read_units("one*****", "one four")) == 1, "reader: a whole word beside a masked space reads")
    expect(sum(u[2] for u in read_units("****eight", "fiveeight")) == 0, "reader: a glued word partly masked reads nothing")
    expect(readable_count("*******8147") == 4, "reader: masked prefix, 4 digits shown")
    expect(fragment_hidden("*** **** 8147", "138 0013 8147", True), "hidden: last 4 shown where allowed")
    expect(not fragment_hidden("*** **** 8147", "138 0013 8147", False), "hidden: last 4 shown where not allowed")
    expect(not fragment_hidden("138 **** ****", "138 0013 8147", True), "hidden: first digits shown is a leak")
    expect(not fragment_hidden("*** **** 814*", "138 0013 8147", True), "hidden: shown digits must be the final ones")
    expect(not fragment_hidden("*** ***3 8147", "138 0013 8147", True), "hidden: at most 4 digits")
    expect(fragment_hidden("***** ***** eight one four seven", "three eight ... eight one four seven", True),
           "hidden: last 4 as words")
    expect(not fragment_hidden("****************X", "11010119900307123X", False), "hidden: a shown check character leaks")

    status = True
    for split in SPLITS:
        path = os.path.join(FIXTURES, f"conversations-{split}.jsonl")
        if not os.path.exists(path):
            expect(False, f"{path} exists (run {GENERATOR[split]})")
            continue
        cases = load(path)
        probs = check_fixture_structure(cases, split)
        for p in probs[:20]:
            print("   " + p)
        expect(not probs, f"{split}: fixture structure ({len(cases)} cases)")
        for ok, desc in builtin_set_checks(cases):
            expect(ok, f"{split} {desc}")
    print(f"self-check: {'all passed' if not failures else str(len(failures)) + ' failed'}")
    return 0 if not failures else 1


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

SPLITS = ["dev", "test", "holdout", "blind", "field", "street", "harbor", "quay", "reef", "tide", "gulf", "marsh", "delta",
          "estuary", "fjord", "lagoon", "shoal", "cove", "inlet", "wharf", "strait", "bayou", "creek", "firth"]
SET_SPLITS = {"dev": ["dev"], "test": ["test"], "holdout": ["holdout"], "blind": ["blind"], "field": ["field"], "street": ["street"],
              "harbor": ["harbor"], "quay": ["quay"], "reef": ["reef"], "tide": ["tide"], "gulf": ["gulf"], "marsh": ["marsh"], "delta": ["delta"], "estuary": ["estuary"], "fjord": ["fjord"], "lagoon": ["lagoon"], "shoal": ["shoal"], "cove": ["cove"], "inlet": ["inlet"], "wharf": ["wharf"], "strait": ["strait"], "bayou": ["bayou"], "creek": ["creek"], "firth": ["firth"], "both": ["dev", "test"], "all": SPLITS}
GENERATOR = {"dev": "Tools/gen_redact_conversations.py", "test": "Tools/gen_redact_conversations.py",
             "holdout": "Tools/gen_redact_holdout.py", "blind": "Tools/gen_redact_blind.py", "field": "Tools/gen_redact_field.py",
             "street": "Tools/gen_redact_street.py", "harbor": "Tools/gen_redact_harbor.py",
             "quay": "Tools/gen_redact_quay.py", "reef": "Tools/gen_redact_reef.py", "tide": "Tools/gen_redact_tide.py",
             "gulf": "Tools/gen_redact_gulf.py", "marsh": "Tools/gen_redact_marsh.py", "delta": "Tools/gen_redact_delta.py",
             "estuary": "Tools/gen_redact_estuary.py", "fjord": "Tools/gen_redact_fjord.py",
             "lagoon": "Tools/gen_redact_lagoon.py", "shoal": "Tools/gen_redact_shoal.py",
             "cove": "Tools/gen_redact_cove.py", "inlet": "Tools/gen_redact_inlet.py", "wharf": "Tools/gen_redact_wharf.py",
             "strait": "Tools/gen_redact_strait.py", "bayou": "Tools/gen_redact_bayou.py",
             "creek": "Tools/gen_redact_creek.py", "firth": "Tools/gen_redact_firth.py"}


def short_last4_share(cases):
    """The share of labelled fragments that are phones' last-4 fragments of at most 4 characters
    of digits (they may show whole): the most an unmasked output can score as hidden."""
    total = short = 0
    for c in cases:
        frags = c.get("spans") or c.get("entities") or []
        for f in frags:
            total += 1
            if not f.get("last4_ok"):
                continue
            if "start" in f:
                text = (c.get("text") or c.get("transcript_text") or "")[f["start"]:f["end"]]
            else:
                words = {k: w for k, w, _ in asr_words(c["transcript"]) or []}
                text = " ".join(words.get(tuple(k) if isinstance(k, list) else k) or "" for k in f["words"])
            if readable_count(text) <= 4:
                short += 1
    return short / total if total else 0.0


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def main(argv=None):
    ap = argparse.ArgumentParser(description="Black-box evaluator of `callvault redact` on the conversation set.")
    ap.add_argument("--bin", help="path to the callvault executable")
    ap.add_argument("--set", default="both", choices=list(SET_SPLITS),
                    help="split(s) to evaluate: both = dev+test (default), all = every set")
    ap.add_argument("--strict", action="store_true", help="exit 1 unless every target is met on every evaluated split")
    ap.add_argument("--show-misses", action="store_true", help="list each leaked fragment and wrong mask")
    ap.add_argument("--self-check", action="store_true", help="check the scorer with built-in redactors (no binary)")
    ap.add_argument("--fixtures", default=FIXTURES, help=argparse.SUPPRESS)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per redactor process (jsonl: 10x)")
    ap.add_argument("--half", choices=["odd", "even"],
                    help="only the cases whose id number is odd (tuned on) or even (kept back): one split, two uses")
    args = ap.parse_args(argv)
    if args.self_check:
        return self_check()
    if not args.bin:
        print("error: --bin PATH_TO_callvault is required (or --self-check)", file=sys.stderr)
        return 2
    if not (os.path.isfile(args.bin) and os.access(args.bin, os.X_OK)):
        print(f"error: {args.bin} is not an executable file", file=sys.stderr)
        return 2
    splits = SET_SPLITS[args.set]
    all_targets = []
    try:
        for split in splits:
            path = os.path.join(args.fixtures, f"conversations-{split}.jsonl")
            if not os.path.exists(path):
                raise Failure(f"missing {path}; run {GENERATOR[split]}")
            cases = load(path)
            if args.half:
                keep = 1 if args.half == "odd" else 0
                cases = [c for c in cases if int(c["id"].rsplit("-", 1)[1]) % 2 == keep]
            outs = redact_with_binary(args.bin, cases, args.timeout)
            results = [score_case(c, outs.get(c["id"])) for c in cases]
            all_targets += report(split, results, args.show_misses)
    except Failure as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    met = sum(ok for _, ok in all_targets)
    missed = len(all_targets) - met
    print(f"redaction targets: {met} met, {missed} missed")
    if args.strict and missed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
