package org.mviot.edge.security.internal.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mviot.edge.security.internal.log.Quoted;

/**
 * A policy compiled for quick checks: the WRITE rules of all entries in a tree of resource
 * segments, so a check walks the command's resource once (a hash look-up per literal segment, a
 * glob per wildcard segment) instead of trying every rule.
 *
 * <p>The rules, in the spirit of Eclipse Ditto policies: a grant or revoke on a resource applies
 * to it and everything below it; a command is allowed when some rule grants WRITE to its sender on
 * its resource and no rule revokes it there. A revoke always wins, wherever it is; no grant means
 * no. Immutable: the file watcher swaps whole policies.
 */
public final class Policy {

    /** Longest command resource looked at; a longer one is denied unread. */
    public static final int MAX_RESOURCE_CHARS = 4096;

    private final Node root = new Node();
    private final int entries;
    private final int rules;

    private Policy(List<Rule> all, int entries) {
        this.entries = entries;
        this.rules = all.size();
        for (Rule r : all) {
            Node n = root;
            for (String segment : ResourcePath.split(r.resource())) {
                n = n.child(segment);
            }
            n.rules.add(r);
        }
    }

    /**
     * @param rules   the WRITE rules of every entry
     * @param entries how many entries the file had
     * @return the compiled policy
     */
    static Policy of(List<Rule> rules, int entries) {
        return new Policy(rules, entries);
    }

    /** @return a policy with no entry: every command is denied */
    public static Policy denyAll() {
        return new Policy(List.of(), 0);
    }

    /** @return how many entries the policy has */
    public int entries() {
        return entries;
    }

    /** @return how many grants and revokes of WRITE it has */
    public int rules() {
        return rules;
    }

    /**
     * @param subject  the command's sender, empty when it named none
     * @param resource the command's resource, e.g. {@code thing:/features/relay/desiredProperties/on}
     * @return allowed with the granting rule, or denied naming the revoke or the missing grant
     */
    public Verdict evaluate(String subject, String resource) {
        if (resource.length() > MAX_RESOURCE_CHARS) {
            return new Verdict(false, "resource of " + resource.length() + " chars is over the limit of " + MAX_RESOURCE_CHARS);
        }
        String[] segments = ResourcePath.split(resource);
        if (segments == null) {
            return new Verdict(false, "resource " + Quoted.of(resource) + " is not <type>:/<path>");
        }
        Rule grant = null;
        List<Node> frontier = List.of(root);
        for (String segment : segments) {
            List<Node> next = new ArrayList<>(2);
            for (Node n : frontier) {
                n.step(segment, next);
            }
            for (Node n : next) {
                for (Rule r : n.rules) {
                    if (r.appliesTo(subject)) {
                        if (r.revoke()) {
                            return new Verdict(false, "denied by policy entry " + Quoted.of(r.entry()) + " revoke on " + r.resource()
                                    + " for subject " + Quoted.of(subject) + " on resource " + Quoted.of(resource));
                        }
                        grant = grant == null ? r : grant;
                    }
                }
            }
            if (next.isEmpty()) {
                break;
            }
            frontier = next;
        }
        if (grant == null) {
            return new Verdict(false, "no grant for subject " + Quoted.of(subject) + " on resource " + Quoted.of(resource));
        }
        return new Verdict(true, grant.grantReason());
    }

    /**
     * One segment of the tree: literal children by name, wildcard children by the literal text
     * before their first {@code *} (so a segment tries only the globs whose prefix it starts with:
     * one look-up per distinct prefix length, not one glob per rule), and the rules ending here.
     */
    private static final class Node {
        private final Map<String, Node> literal = new HashMap<>();
        private final Map<String, List<Glob>> globsByPrefix = new HashMap<>();
        private int[] prefixLengths = new int[0];
        private final List<Rule> rules = new ArrayList<>(1);

        private record Glob(SegmentPattern pattern, Node node) {
        }

        Node child(String segment) {
            SegmentPattern p = new SegmentPattern(segment);
            if (p.literal()) {
                return literal.computeIfAbsent(segment, s -> new Node());
            }
            String prefix = segment.substring(0, segment.indexOf('*'));
            List<Glob> same = globsByPrefix.computeIfAbsent(prefix, k -> new ArrayList<>(1));
            for (Glob g : same) {
                if (g.pattern().text().equals(segment)) {
                    return g.node();
                }
            }
            Node n = new Node();
            same.add(new Glob(p, n));
            if (java.util.Arrays.stream(prefixLengths).noneMatch(l -> l == prefix.length())) {
                prefixLengths = java.util.stream.IntStream.concat(java.util.Arrays.stream(prefixLengths), java.util.stream.IntStream.of(prefix.length()))
                        .sorted().toArray();
            }
            return n;
        }

        void step(String segment, List<Node> into) {
            Node n = literal.get(segment);
            if (n != null) {
                into.add(n);
            }
            for (int length : prefixLengths) {
                if (length > segment.length()) {
                    break;
                }
                List<Glob> candidates = globsByPrefix.get(segment.substring(0, length));
                if (candidates != null) {
                    for (Glob g : candidates) {
                        if (g.pattern().matches(segment)) {
                            into.add(g.node());
                        }
                    }
                }
            }
        }
    }
}
