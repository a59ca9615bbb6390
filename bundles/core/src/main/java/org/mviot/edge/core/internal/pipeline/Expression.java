package org.mviot.edge.core.internal.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.mviot.edge.core.internal.log.LogSafe;

/**
 * A compiled arithmetic expression over other channels of the same device, for derived channels.
 *
 * <p>Hand-written on purpose: the candidates on Maven Central either are not OSGi bundles (exp4j) or
 * are large general-purpose languages that allocate on every evaluation (JEXL, MVEL). Derived
 * channels run on the hot path, so evaluation here is a tree of nodes reading a {@code double[]}
 * of the device's latest values and allocates nothing.
 *
 * <p>Grammar: numbers, channel names, {@code + - * / % ^}, unary minus, comparisons
 * {@code < <= > >= == !=} (1 or 0), parentheses and the functions {@code abs sqrt exp log sin cos
 * round floor ceil min max pow if(cond, then, else)}.
 */
public final class Expression {

    /** A syntax error or an unknown name, with the character position. */
    public static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    /** Longest expression text, in characters. */
    public static final int MAX_LENGTH = 4096;

    /**
     * Deepest nesting of parentheses, function calls, unary minus and powers ({@code a ^ b ^ c}).
     * The parser recurses once per level, so this bounds its stack whatever the input.
     */
    public static final int MAX_NESTING = 32;

    /**
     * Deepest tree of operations, e.g. the number of {@code +} in {@code a + b + c + …} plus their
     * nesting. Evaluation recurses once per level, so this bounds the stack of the thread that
     * computes derived channels.
     */
    public static final int MAX_DEPTH = 256;

    private interface Node {
        double eval(double[] vars);
    }

    /** A node while parsing, with the depth of the tree below it. */
    private record Tree(Node node, int depth) {
    }

    private final String text;
    private final Node root;
    private final List<String> variables;

    private Expression(String text, Node root, List<String> variables) {
        this.text = text;
        this.root = root;
        this.variables = List.copyOf(variables);
    }

    /**
     * Compiles an expression.
     *
     * @param text     the expression, at most {@value #MAX_LENGTH} characters
     * @param resolver maps a channel name to its index in the values array, or -1 when there is no such channel
     * @return the expression
     * @throws ParseException naming the position and the problem (e.g. {@code unknown channel 'x' at 4}), also when the
     *                        expression is longer than {@value #MAX_LENGTH} characters, nests deeper than
     *                        {@value #MAX_NESTING} levels or chains more than {@value #MAX_DEPTH} operations
     */
    public static Expression compile(String text, ToIntFunction<String> resolver) throws ParseException {
        if (text.length() > MAX_LENGTH) {
            throw new ParseException("the expression has " + text.length() + " characters, over the limit of " + MAX_LENGTH);
        }
        Parser p = new Parser(text, resolver);
        Tree t = p.parseComparison();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw new ParseException("unexpected " + LogSafe.quote(String.valueOf(text.charAt(p.pos))) + " at " + p.pos);
        }
        return new Expression(text, t.node, p.variables);
    }

    /**
     * @param values latest values, indexed as the resolver said
     * @return the result (NaN when an input is NaN)
     */
    public double evaluate(double[] values) {
        return root.eval(values);
    }

    /**
     * @return the channel names the expression reads, each once
     */
    public List<String> variables() {
        return variables;
    }

    @Override
    public String toString() {
        return text;
    }

    private static final Map<String, Integer> ARITY = Map.ofEntries(Map.entry("abs", 1), Map.entry("sqrt", 1),
            Map.entry("exp", 1), Map.entry("log", 1), Map.entry("sin", 1), Map.entry("cos", 1), Map.entry("round", 1),
            Map.entry("floor", 1), Map.entry("ceil", 1), Map.entry("min", 2), Map.entry("max", 2), Map.entry("pow", 2),
            Map.entry("if", 3));

    private static final class Parser {
        private final String s;
        private final ToIntFunction<String> resolver;
        private final List<String> variables = new ArrayList<>();
        private int pos;
        private int nesting;

        Parser(String s, ToIntFunction<String> resolver) {
            this.s = s;
            this.resolver = resolver;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        boolean eat(String token) {
            skipSpace();
            if (s.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        /** Checked before every recursive descent, so the parser's own stack stays bounded. */
        private void enter() throws ParseException {
            if (++nesting > MAX_NESTING) {
                throw new ParseException("the expression nests deeper than " + MAX_NESTING + " levels at " + pos
                        + " (parentheses, function calls, unary minus and powers count; the limit is " + MAX_NESTING + ")");
            }
        }

        private void leave() {
            nesting--;
        }

        private Tree node(Node n, Tree... children) throws ParseException {
            int depth = 0;
            for (Tree c : children) {
                depth = Math.max(depth, c.depth);
            }
            if (depth + 1 > MAX_DEPTH) {
                throw new ParseException("the expression chains more than " + MAX_DEPTH + " operations at " + pos
                        + " (the limit is " + MAX_DEPTH + "; split it into several derived channels)");
            }
            return new Tree(n, depth + 1);
        }

        Tree parseComparison() throws ParseException {
            Tree l = parseSum();
            while (true) {
                Node a = l.node;
                if (eat("<=")) {
                    Tree r = parseSum();
                    Node b = r.node;
                    l = node(v -> a.eval(v) <= b.eval(v) ? 1 : 0, l, r);
                } else if (eat(">=")) {
                    Tree r = parseSum();
                    Node b = r.node;
                    l = node(v -> a.eval(v) >= b.eval(v) ? 1 : 0, l, r);
                } else if (eat("==")) {
                    Tree r = parseSum();
                    Node b = r.node;
                    l = node(v -> a.eval(v) == b.eval(v) ? 1 : 0, l, r);
                } else if (eat("!=")) {
                    Tree r = parseSum();
                    Node b = r.node;
                    l = node(v -> a.eval(v) != b.eval(v) ? 1 : 0, l, r);
                } else if (eat("<")) {
                    Tree r = parseSum();
                    Node b = r.node;
                    l = node(v -> a.eval(v) < b.eval(v) ? 1 : 0, l, r);
                } else if (eat(">")) {
                    Tree r = parseSum();
                    Node b = r.node;
                    l = node(v -> a.eval(v) > b.eval(v) ? 1 : 0, l, r);
                } else {
                    return l;
                }
            }
        }

        Tree parseSum() throws ParseException {
            Tree l = parseProduct();
            while (true) {
                Node a = l.node;
                if (eat("+")) {
                    Tree r = parseProduct();
                    Node b = r.node;
                    l = node(v -> a.eval(v) + b.eval(v), l, r);
                } else if (eat("-")) {
                    Tree r = parseProduct();
                    Node b = r.node;
                    l = node(v -> a.eval(v) - b.eval(v), l, r);
                } else {
                    return l;
                }
            }
        }

        Tree parseProduct() throws ParseException {
            Tree l = parseUnary();
            while (true) {
                Node a = l.node;
                if (eat("*")) {
                    Tree r = parseUnary();
                    Node b = r.node;
                    l = node(v -> a.eval(v) * b.eval(v), l, r);
                } else if (eat("/")) {
                    Tree r = parseUnary();
                    Node b = r.node;
                    l = node(v -> a.eval(v) / b.eval(v), l, r);
                } else if (eat("%")) {
                    Tree r = parseUnary();
                    Node b = r.node;
                    l = node(v -> a.eval(v) % b.eval(v), l, r);
                } else {
                    return l;
                }
            }
        }

        Tree parseUnary() throws ParseException {
            if (eat("-")) {
                enter();
                Tree t = parseUnary();
                leave();
                Node a = t.node;
                return node(v -> -a.eval(v), t);
            }
            Tree base = parsePrimary();
            if (eat("^")) {
                enter();
                Tree exponent = parseUnary();
                leave();
                Node a = base.node;
                Node b = exponent.node;
                return node(v -> Math.pow(a.eval(v), b.eval(v)), base, exponent);
            }
            return base;
        }

        Tree parsePrimary() throws ParseException {
            skipSpace();
            if (pos >= s.length()) {
                throw new ParseException("expression ends too early at " + pos);
            }
            char c = s.charAt(pos);
            if (c == '(') {
                pos++;
                enter();
                Tree n = parseComparison();
                leave();
                if (!eat(")")) {
                    throw new ParseException("missing ')' at " + pos);
                }
                return n;
            }
            if (Character.isDigit(c) || c == '.') {
                int start = pos;
                while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.'
                        || s.charAt(pos) == 'e' || s.charAt(pos) == 'E'
                        || ((s.charAt(pos) == '-' || s.charAt(pos) == '+') && (s.charAt(pos - 1) == 'e' || s.charAt(pos - 1) == 'E')))) {
                    pos++;
                }
                try {
                    double d = Double.parseDouble(s.substring(start, pos));
                    return node(v -> d);
                } catch (NumberFormatException e) {
                    throw new ParseException("bad number " + LogSafe.quote(s.substring(start, pos)) + " at " + start);
                }
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == '.')) {
                    pos++;
                }
                String name = s.substring(start, pos);
                if (eat("(")) {
                    enter();
                    Tree call = call(name, start);
                    leave();
                    return call;
                }
                int index = resolver.applyAsInt(name);
                if (index < 0) {
                    throw new ParseException("unknown channel " + LogSafe.quote(name) + " at " + start);
                }
                if (!variables.contains(name)) {
                    variables.add(name);
                }
                return node(v -> v[index]);
            }
            throw new ParseException("unexpected " + LogSafe.quote(String.valueOf(c)) + " at " + pos);
        }

        private Tree call(String name, int at) throws ParseException {
            Integer arity = ARITY.get(name);
            if (arity == null) {
                throw new ParseException("unknown function " + LogSafe.quote(name) + " at " + at + " (known: " + new java.util.TreeSet<>(ARITY.keySet()) + ")");
            }
            List<Tree> args = new ArrayList<>();
            if (!eat(")")) {
                do {
                    args.add(parseComparison());
                } while (eat(",") && args.size() <= arity);
                if (!eat(")")) {
                    throw new ParseException(args.size() > arity
                            ? "function " + name + " takes " + arity + " argument(s), got more at " + at
                            : "missing ')' after arguments of " + name + " at " + pos);
                }
            }
            if (args.size() != arity) {
                throw new ParseException("function " + name + " takes " + arity + " argument(s), got " + args.size() + " at " + at);
            }
            Node a = args.get(0).node;
            Node b = args.size() > 1 ? args.get(1).node : null;
            Node c = args.size() > 2 ? args.get(2).node : null;
            Node n = switch (name) {
                case "abs" -> v -> Math.abs(a.eval(v));
                case "sqrt" -> v -> Math.sqrt(a.eval(v));
                case "exp" -> v -> Math.exp(a.eval(v));
                case "log" -> v -> Math.log(a.eval(v));
                case "sin" -> v -> Math.sin(a.eval(v));
                case "cos" -> v -> Math.cos(a.eval(v));
                case "round" -> v -> Math.rint(a.eval(v));
                case "floor" -> v -> Math.floor(a.eval(v));
                case "ceil" -> v -> Math.ceil(a.eval(v));
                case "min" -> v -> Math.min(a.eval(v), b.eval(v));
                case "max" -> v -> Math.max(a.eval(v), b.eval(v));
                case "pow" -> v -> Math.pow(a.eval(v), b.eval(v));
                default -> v -> a.eval(v) != 0 ? b.eval(v) : c.eval(v);
            };
            return node(n, args.toArray(new Tree[0]));
        }
    }
}
