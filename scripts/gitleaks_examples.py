"""The true and false positives of gitleaks-style rule generators, evaluated in Python.

Gitleaks and Betterleaks write each rule as a Go function that builds its config and ends
with `utils.Validate(r, tps, fps)`: `tps` are lines the rule must match, `fps` lines it
must not. Most `tps` are generated: `utils.GenerateSampleSecrets("stripe", "sk_test_" +
secrets.NewSecret(utils.AlphaNumeric("30")))` writes a random secret drawn from a regular
expression into some thirty assignment templates (INI, JSON, YAML, Go, Java, Python,
Makefile...). This module evaluates those functions without a Go toolchain: a tokenizer
with Go's semicolon rule, an expression evaluator for the handful of calls the rule files
use (string concatenation, `append`, `fmt.Sprintf`, the `utils` pattern helpers,
`secrets.NewSecret`, base64), and a generator of random strings matching a regular
expression (like the `reggen` package the Go code uses, repetitions without an upper
bound stop at one extra). A statement it cannot evaluate leaves its variable unbound; a
rule whose examples end up unbound is counted as skipped. Secrets are drawn from a
random generator seeded per rule, so two runs write the same examples.
"""

import base64
import math
import random
import re
import string
import sys
from re import _constants as sre_constants  # noqa: PLC2701 (the parser's own constants)
from re import _parser as sre_parse  # noqa: PLC2701

TOKEN = re.compile(
    r"(?P<space>[ \t\r]+)|(?P<newline>\n)|(?P<comment>//[^\n]*|/\*[\s\S]*?\*/)"
    r"|(?P<raw>`[^`]*`)|(?P<string>\"(?:[^\"\\\n]|\\.)*\")|(?P<rune>'(?:[^'\\\n]|\\.)+')"
    r"|(?P<number>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_]\w*)"
    r"|(?P<op>\.\.\.|:=|\+=|==|!=|<=|>=|&&|\|\||[-+*/%&|^<>=!.,;:(){}\[\]])"
)
# Go inserts a semicolon at a line end after these tokens (the language specification's rule).
ENDS_STATEMENT = {"name", "raw", "string", "rune", "number"}
ENDS_STATEMENT_OPS = {")", "]", "}"}


class Unknown(Exception):
    """An expression this evaluator does not model."""


def tokenize(source):
    """Go tokens as (kind, text) pairs, with the semicolons Go inserts at line ends."""
    tokens = []
    for match in TOKEN.finditer(source):
        kind = match.lastgroup
        text = match.group()
        if kind == "space":
            continue
        if kind == "comment" and "\n" not in text:
            continue
        if kind in ("newline", "comment"):
            last = tokens[-1] if tokens else None
            if last and (last[0] in ENDS_STATEMENT or last[1] in ENDS_STATEMENT_OPS):
                tokens.append(("op", ";"))
            continue
        tokens.append((kind, text))
    return tokens


def go_literal(kind, text):
    """The value of a Go string or rune literal token."""
    if kind == "raw":
        return text[1:-1]
    body = text[1:-1]
    if kind == "rune":
        body = body.replace('"', '\\"')
    try:
        return bytes(body, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return body


class RegexGenerator:
    """Random strings matching a regular expression, as Go's reggen draws them."""

    LIMIT = 1  # extra repetitions for `*`, `+`, `{n,}`

    def __init__(self, rng):
        self.rng = rng

    def generate(self, pattern):
        """A random string PATTERN matches (Go syntax differences are rewritten first)."""
        pattern = pattern.replace(r"\z", r"\Z").replace("[[:alnum:]]", "[A-Za-z0-9]")
        try:
            parsed = sre_parse.parse(pattern)
        except re.error as error:
            raise Unknown(f"regex {pattern!r}: {error}") from error
        return "".join(self.emit(parsed))

    def emit(self, items):
        for op, arg in items:
            yield from self.emit_one(op, arg)

    def emit_one(self, op, arg):
        c = sre_constants
        if op == c.LITERAL:
            yield chr(arg)
        elif op == c.NOT_LITERAL:
            yield self.rng.choice([ch for ch in string.ascii_letters + string.digits if ord(ch) != arg])
        elif op == c.ANY:
            yield self.rng.choice(string.ascii_letters + string.digits)
        elif op == c.IN:
            yield self.rng.choice(self.charset(arg))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, item = arg
            if high == c.MAXREPEAT:
                high = low + self.LIMIT
            for _ in range(self.rng.randint(low, high)):
                yield from self.emit(item)
        elif op == c.SUBPATTERN:
            yield from self.emit(arg[-1])
        elif op == c.ATOMIC_GROUP:
            yield from self.emit(arg)
        elif op == c.BRANCH:
            yield from self.emit(self.rng.choice(arg[1]))
        elif op == c.CATEGORY:
            yield self.rng.choice(self.category(arg))
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            return
        else:
            raise Unknown(f"regex operator {op}")

    def category(self, name):
        c = sre_constants
        if name == c.CATEGORY_DIGIT:
            return string.digits
        if name == c.CATEGORY_WORD:
            return string.ascii_letters + string.digits + "_"
        if name == c.CATEGORY_SPACE:
            return " "
        if name == c.CATEGORY_NOT_DIGIT:
            return string.ascii_letters
        if name == c.CATEGORY_NOT_WORD:
            return "-"
        if name == c.CATEGORY_NOT_SPACE:
            return string.ascii_letters + string.digits
        raise Unknown(f"regex category {name}")

    def charset(self, items):
        c = sre_constants
        chars = set()
        negate = False
        for op, arg in items:
            if op == c.NEGATE:
                negate = True
            elif op == c.LITERAL:
                chars.add(chr(arg))
            elif op == c.RANGE:
                chars.update(chr(code) for code in range(arg[0], arg[1] + 1))
            elif op == c.CATEGORY:
                chars.update(self.category(arg))
            else:
                raise Unknown(f"regex set operator {op}")
        if negate:
            chars = set(string.ascii_letters + string.digits + "-_") - chars
        return sorted(chars)


class Evaluator:
    """Evaluates the statements of one rule function; unmodelled ones raise Unknown."""

    def __init__(self, tokens, samples, rng):
        self.tokens = tokens
        self.at = 0
        self.samples = samples
        self.regex = RegexGenerator(rng)

    # Token helpers.
    def peek(self, offset=0):
        index = self.at + offset
        return self.tokens[index] if index < len(self.tokens) else ("eof", "")

    def take(self, text=None):
        token = self.peek()
        if text is not None and token[1] != text:
            raise Unknown(f"expected {text!r}, found {token[1]!r}")
        self.at += 1
        return token

    def skip_balanced(self):
        """Skips one bracketed group starting at the current token."""
        pairs = {"(": ")", "[": "]", "{": "}"}
        closing = [pairs[self.take()[1]]]
        while closing:
            kind, text = self.take()
            if kind == "eof":
                raise Unknown("unbalanced brackets")
            if kind == "op" and text in pairs:
                closing.append(pairs[text])
            elif kind == "op" and text == closing[-1]:
                closing.pop()

    def skip_statement(self):
        while self.peek()[1] != ";" and self.peek()[0] != "eof":
            if self.peek()[1] in ("(", "[", "{"):
                self.skip_balanced()
            else:
                self.take()
        self.take()

    # Statements.
    def run(self, variables):
        """Evaluates the body's statements; returns the (tps, fps) given to utils.Validate."""
        result = None
        while self.peek()[0] != "eof":
            start = self.at
            first, second = self.peek(), self.peek(1)
            try:
                if first[0] == "name" and second[1] in (":=", "=", "+="):
                    name = first[1]
                    self.at += 2
                    value = self.expression(variables)
                    if second[1] == "+=":
                        value = variables[name] + value
                    variables[name] = value
                    self.take(";")
                    continue
                if first[1] == "return" and self.peek(1)[1] == "utils" and self.peek(3)[1] == "Validate":
                    self.at += 4
                    args = self.arguments(variables, lenient=True)
                    result = (args[1] if len(args) > 1 else None, args[2] if len(args) > 2 else None)
                    self.take(";")
                    continue
            except (Unknown, KeyError, IndexError, TypeError, ValueError):
                if first[0] == "name" and second[1] in (":=", "="):
                    variables.pop(first[1], None)
                self.at = start
            self.skip_statement()
        return result

    # Expressions.
    def expression(self, variables):
        value = self.operand(variables)
        while self.peek()[1] == "+":
            self.take()
            right = self.operand(variables)
            if isinstance(value, (int, float)) and isinstance(right, (int, float)):
                value = value + right
            elif isinstance(value, str) and isinstance(right, str):
                value = value + right
            else:
                raise Unknown("+ of mixed types")
        if self.peek()[1] in ("-", "*", "/", "==", "!=", "&&", "||", "<", ">"):
            raise Unknown(f"operator {self.peek()[1]}")
        return value

    def arguments(self, variables, lenient=False):
        """A call's arguments; LENIENT turns an unevaluable one into None."""
        self.take("(")
        args = []
        while self.peek()[1] != ")":
            start = self.at
            try:
                value = self.expression(variables)
            except (Unknown, KeyError):
                if not lenient:
                    raise
                self.at = start
                while self.peek()[1] not in (",", ")"):
                    if self.peek()[1] in ("(", "[", "{"):
                        self.skip_balanced()
                    else:
                        self.take()
                value = None
            if self.peek()[1] == "...":
                self.take()
                value = Spread(value)
            args.append(value)
            if self.peek()[1] == ",":
                self.take()
        self.take(")")
        return args

    def operand(self, variables):
        kind, text = self.peek()
        if kind in ("raw", "string", "rune"):
            self.take()
            return go_literal(kind, text)
        if kind == "number":
            self.take()
            return float(text) if "." in text else int(text)
        if text == "(":
            self.take()
            value = self.expression(variables)
            self.take(")")
            return value
        if text == "[":
            return self.slice_literal(variables)
        if text == "&":
            self.take()
            return self.operand(variables)
        if kind == "name":
            return self.named(variables)
        raise Unknown(f"operand {text!r}")

    def slice_literal(self, variables):
        self.take("[")
        self.take("]")
        element = self.take()[1]
        if element == "byte" and self.peek()[1] == "(":
            (value,) = self.arguments(variables)
            return value
        if element != "string" or self.peek()[1] != "{":
            raise Unknown(f"slice of {element}")
        self.take("{")
        items = []
        while self.peek()[1] != "}":
            items.append(self.expression(variables))
            if self.peek()[1] == ",":
                self.take()
        self.take("}")
        return items

    def named(self, variables):
        parts = [self.take()[1]]
        while self.peek()[1] == "." and self.peek(1)[0] == "name":
            self.take()
            parts.append(self.take()[1])
        name = ".".join(parts)
        if self.peek()[1] == "(":
            args = self.arguments(variables)
            value = self.call(name, args)
        elif name in variables:
            value = variables[name]
        elif name == "nil":
            value = []
        else:
            raise Unknown(f"name {name}")
        while self.peek()[1] == "[":
            self.take()
            index = self.expression(variables)
            self.take("]")
            value = value[index]
        return value

    def call(self, name, args):
        plain = [a.value if isinstance(a, Spread) else a for a in args]
        helpers = {
            "utils.Numeric": "[0-9]{%s}",
            "utils.Hex": "[a-f0-9]{%s}",
            "utils.AlphaNumeric": "[a-z0-9]{%s}",
            "utils.AlphaNumericExtendedShort": "[a-z0-9_-]{%s}",
            "utils.AlphaNumericExtended": r"[a-z0-9=_\-]{%s}",
            "utils.AlphaNumericExtendedLong": r"[a-z0-9\/=_\+\-]{%s}",
        }
        if name in helpers:
            return helpers[name] % plain[0]
        if name == "utils.Hex8_4_4_4_12":
            return "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        if name == "secrets.NewSecret":
            return self.regex.generate(plain[0])
        if name == "secrets.NewSecretWithEntropy":
            for _ in range(10):
                value = self.regex.generate(plain[0])
                if entropy(value) >= plain[1]:
                    return value
            return value
        if name == "utils.GenerateSampleSecrets":
            identifier, secret = plain
            return [
                template.replace("{i}", identifier).replace("{I}", identifier.upper()).replace("{s}", secret)
                for template in self.samples
            ]
        if name == "utils.GenerateSampleSecret":
            return f'{plain[0]}_api_token = "{plain[1]}"'
        if name == "append":
            items = list(plain[0])
            for arg in args[1:]:
                if isinstance(arg, Spread):
                    items.extend(arg.value)
                else:
                    items.append(arg)
            return items
        if name == "fmt.Sprintf":
            template = re.sub(r"%[qv]", lambda m: '"%s"' if m.group() == "%q" else "%s", plain[0])
            return template % tuple(plain[1:])
        if name == "strings.Repeat":
            return plain[0] * plain[1]
        if name == "strings.ToUpper":
            return plain[0].upper()
        if name == "strings.ToLower":
            return plain[0].lower()
        if name == "string":
            return plain[0]
        if name.endswith("Encoding.EncodeToString"):
            raw = plain[0].encode() if isinstance(plain[0], str) else plain[0]
            encoded = base64.urlsafe_b64encode(raw) if "URL" in name else base64.b64encode(raw)
            text = encoded.decode()
            return text.rstrip("=") if name.startswith("base64.Raw") else text
        raise Unknown(f"call {name}")


class Spread:
    """An argument followed by `...`."""

    def __init__(self, value):
        self.value = value


def entropy(text):
    """Shannon entropy in bits per character."""
    if not text:
        return 0.0
    counts = {}
    for ch in text:
        counts[ch] = counts.get(ch, 0) + 1
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def sample_templates(generate_go):
    """The templates `utils.GenerateSampleSecrets` fills, read from the peer's generate.go."""
    body = generate_go.split("func GenerateSampleSecrets", 1)[1].split("replacer", 1)[0]
    templates = []
    for kind, text in tokenize(body):
        if kind in ("raw", "string"):
            templates.append(go_literal(kind, text))
    # The literals alternate: the case's name, then its template.
    return templates[1::2]


def rule_functions(source):
    """Yields (function name, body tokens) of every `func X() *config.Rule` in SOURCE."""
    tokens = tokenize(source)
    at = 0
    while at < len(tokens):
        if tokens[at][1] == "func" and at + 1 < len(tokens) and tokens[at + 1][0] == "name":
            name = tokens[at + 1][1]
            start = at + 2
            while start < len(tokens) and tokens[start][1] != "{":
                start += 1
            depth = 0
            end = start
            while end < len(tokens):
                if tokens[end][1] == "{":
                    depth += 1
                elif tokens[end][1] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                end += 1
            signature = "".join(t[1] for t in tokens[at:start])
            if "config.Rule" in signature:
                yield name, tokens[start + 1:end]
            at = end
        at += 1


def cases(sources, generate_go, label):
    """Yields (rule, kind, text) for every evaluable example of the rule SOURCES."""
    samples = sample_templates(generate_go)
    skipped = 0
    for path, source in sources:
        for name, body in rule_functions(source):
            rng = random.Random(f"{label}/{name}")
            result = Evaluator(body, samples, rng).run({})
            if result is None or result[0] is None:
                skipped += 1
                continue
            tps, fps = result
            for text in tps:
                if isinstance(text, str) and text.strip():
                    yield name, "pos", text
            for text in fps or []:
                if isinstance(text, str) and text.strip():
                    yield name, "neg", text
    if skipped:
        print(f"{label}: {skipped} rule functions not evaluable by the extractor, skipped", file=sys.stderr)
