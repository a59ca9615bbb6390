package org.mviot.edge.core.internal.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

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

    private interface Node {
        double eval(double[] vars);
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
     * @param text     the expression
     * @param resolver maps a channel name to its index in the values array, or -1 when there is no such channel
     * @return the expression
     * @throws ParseException naming the position and the problem (e.g. {@code unknown channel 'x' at 4})
     */
    public static Expression compile(String text, ToIntFunction<String> resolver) throws ParseException {
        Parser p = new Parser(text, resolver);
        Node n = p.parseComparison();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw new ParseException("unexpected '" + text.charAt(p.pos) + "' at " + p.pos);
        }
        return new Expression(text, n, p.variables);
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

        Node parseComparison() throws ParseException {
            Node l = parseSum();
            while (true) {
                if (eat("<=")) {
                    Node a = l, b = parseSum();
                    l = v -> a.eval(v) <= b.eval(v) ? 1 : 0;
                } else if (eat(">=")) {
                    Node a = l, b = parseSum();
                    l = v -> a.eval(v) >= b.eval(v) ? 1 : 0;
                } else if (eat("==")) {
                    Node a = l, b = parseSum();
                    l = v -> a.eval(v) == b.eval(v) ? 1 : 0;
                } else if (eat("!=")) {
                    Node a = l, b = parseSum();
                    l = v -> a.eval(v) != b.eval(v) ? 1 : 0;
                } else if (eat("<")) {
                    Node a = l, b = parseSum();
                    l = v -> a.eval(v) < b.eval(v) ? 1 : 0;
                } else if (eat(">")) {
                    Node a = l, b = parseSum();
                    l = v -> a.eval(v) > b.eval(v) ? 1 : 0;
                } else {
                    return l;
                }
            }
        }

        Node parseSum() throws ParseException {
            Node l = parseProduct();
            while (true) {
                if (eat("+")) {
                    Node a = l, b = parseProduct();
                    l = v -> a.eval(v) + b.eval(v);
                } else if (eat("-")) {
                    Node a = l, b = parseProduct();
                    l = v -> a.eval(v) - b.eval(v);
                } else {
                    return l;
                }
            }
        }

        Node parseProduct() throws ParseException {
            Node l = parseUnary();
            while (true) {
                if (eat("*")) {
                    Node a = l, b = parseUnary();
                    l = v -> a.eval(v) * b.eval(v);
                } else if (eat("/")) {
                    Node a = l, b = parseUnary();
                    l = v -> a.eval(v) / b.eval(v);
                } else if (eat("%")) {
                    Node a = l, b = parseUnary();
                    l = v -> a.eval(v) % b.eval(v);
                } else {
                    return l;
                }
            }
        }

        Node parseUnary() throws ParseException {
            if (eat("-")) {
                Node a = parseUnary();
                return v -> -a.eval(v);
            }
            Node base = parsePrimary();
            if (eat("^")) {
                Node a = base, b = parseUnary();
                return v -> Math.pow(a.eval(v), b.eval(v));
            }
            return base;
        }

        Node parsePrimary() throws ParseException {
            skipSpace();
            if (pos >= s.length()) {
                throw new ParseException("expression ends too early at " + pos);
            }
            char c = s.charAt(pos);
            if (c == '(') {
                pos++;
                Node n = parseComparison();
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
                    return v -> d;
                } catch (NumberFormatException e) {
                    throw new ParseException("bad number '" + s.substring(start, pos) + "' at " + start);
                }
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == '.')) {
                    pos++;
                }
                String name = s.substring(start, pos);
                if (eat("(")) {
                    return call(name, start);
                }
                int index = resolver.applyAsInt(name);
                if (index < 0) {
                    throw new ParseException("unknown channel '" + name + "' at " + start);
                }
                if (!variables.contains(name)) {
                    variables.add(name);
                }
                return v -> v[index];
            }
            throw new ParseException("unexpected '" + c + "' at " + pos);
        }

        private Node call(String name, int at) throws ParseException {
            Integer arity = ARITY.get(name);
            if (arity == null) {
                throw new ParseException("unknown function '" + name + "' at " + at + " (known: " + new java.util.TreeSet<>(ARITY.keySet()) + ")");
            }
            List<Node> args = new ArrayList<>();
            if (!eat(")")) {
                do {
                    args.add(parseComparison());
                } while (eat(","));
                if (!eat(")")) {
                    throw new ParseException("missing ')' after arguments of " + name + " at " + pos);
                }
            }
            if (args.size() != arity) {
                throw new ParseException("function " + name + " takes " + arity + " argument(s), got " + args.size() + " at " + at);
            }
            Node a = args.get(0);
            Node b = args.size() > 1 ? args.get(1) : null;
            Node c = args.size() > 2 ? args.get(2) : null;
            return switch (name) {
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
        }
    }
}
