package org.mviot.edge.security.internal.policy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import org.mviot.edge.security.internal.log.Quoted;
import org.mviot.edge.security.internal.signature.PinnedKey;
import org.mviot.edge.security.internal.signature.SignatureSettings;

/**
 * Reads a policy file (format: the bundle README): Eclipse Ditto's policy JSON ({@code entries}
 * with {@code subjects} and {@code resources}, each resource with {@code grant} and {@code revoke}
 * lists of {@code READ}/{@code WRITE}), plus an optional {@code signatures} section. Everything is
 * checked before anything is used; the first problem is reported with the file and its JSON path,
 * e.g. {@code conf/policy.json at $.entries.operators.resources.thing:/x.grant[0]: ...}.
 */
public final class PolicyParser {

    private static final Set<String> PERMISSIONS = Set.of("READ", "WRITE");

    private PolicyParser() {
    }

    /**
     * @param file the policy file; key files it names are read relative to its directory
     * @return the checked policy
     * @throws PolicyException naming the file and JSON path of the first problem
     * @throws IOException     the file cannot be read
     */
    public static PolicyDocument read(Path file) throws PolicyException, IOException {
        long size = Files.size(file);
        if (size > PolicyLimits.MAX_FILE_BYTES) {
            throw new PolicyException(file, "$", "the file is " + size + " bytes, over the limit of " + PolicyLimits.MAX_FILE_BYTES);
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyException(file, "$", "not UTF-8 text");
        }
        return parse(file, json);
    }

    /**
     * @param file the file the text came from (for errors and key files)
     * @param json its text
     * @return the checked policy
     * @throws PolicyException naming the file and JSON path of the first problem
     */
    public static PolicyDocument parse(Path file, String json) throws PolicyException {
        JsonElement doc = JsonTree.read(file, json);
        JsonObject root = object(file, "$", doc);
        for (String key : root.keySet()) {
            if (!key.equals("policyId") && !key.equals("entries") && !key.equals("signatures") && !key.equals("imports") && !key.startsWith("_")) {
                throw new PolicyException(file, "$." + key, "unknown key (expected policyId, entries, signatures)");
            }
        }
        String policyId = root.has("policyId") ? text(file, "$.policyId", root.get("policyId")) : "";
        if (root.has("imports") && !(root.get("imports").isJsonObject() && root.getAsJsonObject("imports").size() == 0)) {
            throw new PolicyException(file, "$.imports", "policy imports are not supported on the gateway: copy the imported entries in");
        }
        if (!root.has("entries")) {
            throw new PolicyException(file, "$", "no 'entries' object (a policy with no entry denies everything: write \"entries\": {} to say so)");
        }
        JsonObject entries = object(file, "$.entries", root.get("entries"));
        if (entries.size() > PolicyLimits.MAX_ENTRIES) {
            throw new PolicyException(file, "$.entries", entries.size() + " entries, over the limit of " + PolicyLimits.MAX_ENTRIES);
        }
        List<Rule> rules = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : entries.entrySet()) {
            String at = "$.entries." + e.getKey();
            name(file, at, e.getKey());
            entry(file, at, e.getKey(), object(file, at, e.getValue()), rules);
            if (rules.size() > PolicyLimits.MAX_RULES) {
                throw new PolicyException(file, at, "more than " + PolicyLimits.MAX_RULES + " resources in all entries together");
            }
        }
        SignatureSettings signatures = root.has("signatures")
                ? signatures(file, object(file, "$.signatures", root.get("signatures"))) : SignatureSettings.OFF;
        return new PolicyDocument(policyId, Policy.of(rules, entries.size()), signatures);
    }

    private static void entry(Path file, String at, String name, JsonObject entry, List<Rule> rules) throws PolicyException {
        for (String key : entry.keySet()) {
            if (!key.equals("subjects") && !key.equals("resources") && !key.equals("importable")) {
                throw new PolicyException(file, at + "." + key, "unknown key (expected subjects, resources)");
            }
        }
        if (!entry.has("subjects")) {
            throw new PolicyException(file, at, "no 'subjects'");
        }
        Set<String> subjects = subjects(file, at + ".subjects", entry.get("subjects"));
        if (!entry.has("resources")) {
            throw new PolicyException(file, at, "no 'resources'");
        }
        JsonObject resources = object(file, at + ".resources", entry.get("resources"));
        for (Map.Entry<String, JsonElement> r : resources.entrySet()) {
            String rat = at + ".resources." + r.getKey();
            pattern(file, rat, r.getKey());
            JsonObject perms = object(file, rat, r.getValue());
            for (String key : perms.keySet()) {
                if (!key.equals("grant") && !key.equals("revoke")) {
                    throw new PolicyException(file, rat + "." + key, "unknown key (expected grant, revoke)");
                }
            }
            boolean grants = permissions(file, rat + ".grant", perms.get("grant")).contains("WRITE");
            boolean revokes = permissions(file, rat + ".revoke", perms.get("revoke")).contains("WRITE");
            if (revokes) {
                rules.add(new Rule(name, r.getKey(), true, subjects));
            } else if (grants) {
                rules.add(new Rule(name, r.getKey(), false, subjects));
            }
        }
    }

    /** Ditto writes subjects as an object (id → {type}); a plain array of ids is taken too. */
    private static Set<String> subjects(Path file, String at, JsonElement e) throws PolicyException {
        List<String> ids = new ArrayList<>();
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> s : e.getAsJsonObject().entrySet()) {
                object(file, at + "." + s.getKey(), s.getValue());
                ids.add(s.getKey());
            }
        } else if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) {
                ids.add(text(file, at + "[" + i + "]", a.get(i)));
            }
        } else {
            throw new PolicyException(file, at, "expected an object of subjects (\"ditto:operator\": {\"type\": \"...\"}) or an array of subject ids");
        }
        if (ids.size() > PolicyLimits.MAX_SUBJECTS) {
            throw new PolicyException(file, at, ids.size() + " subjects, over the limit of " + PolicyLimits.MAX_SUBJECTS);
        }
        Set<String> set = new LinkedHashSet<>();
        for (String id : ids) {
            if (id.isEmpty() || id.length() > PolicyLimits.MAX_PATTERN_CHARS || control(id)) {
                throw new PolicyException(file, at, "subject " + Quoted.of(id) + " must be 1 to " + PolicyLimits.MAX_PATTERN_CHARS
                        + " characters without control characters");
            }
            set.add(id);
        }
        return Set.copyOf(set);
    }

    private static Set<String> permissions(Path file, String at, JsonElement e) throws PolicyException {
        if (e == null) {
            return Set.of();
        }
        if (!e.isJsonArray()) {
            throw new PolicyException(file, at, "expected an array of permissions, e.g. [\"WRITE\"]");
        }
        Set<String> perms = new LinkedHashSet<>();
        JsonArray a = e.getAsJsonArray();
        for (int i = 0; i < a.size(); i++) {
            String p = text(file, at + "[" + i + "]", a.get(i));
            if (!PERMISSIONS.contains(p)) {
                throw new PolicyException(file, at + "[" + i + "]", "unknown permission " + Quoted.of(p) + " (expected READ or WRITE)");
            }
            perms.add(p);
        }
        return perms;
    }

    /**
     * Checks a resource pattern: {@code thing:/...} or {@code message:/...}, bounded, wildcards
     * only as {@code *} within segments.
     */
    static void pattern(Path file, String at, String p) throws PolicyException {
        if (p.length() > PolicyLimits.MAX_PATTERN_CHARS) {
            throw new PolicyException(file, at, "resource is " + p.length() + " characters, over the limit of " + PolicyLimits.MAX_PATTERN_CHARS);
        }
        if (control(p)) {
            throw new PolicyException(file, at, "resource holds a control character");
        }
        String[] segments = ResourcePath.split(p);
        if (segments == null || !ResourcePath.TYPES.contains(segments[0].substring(0, segments[0].length() - 1))) {
            throw new PolicyException(file, at, "resource " + Quoted.of(p) + " must be thing:/<path> or message:/<path>, "
                    + "e.g. thing:/features/relay/desiredProperties/on or message:/features/relay/inbox/messages/toggle");
        }
        long stars = p.chars().filter(c -> c == '*').count();
        if (stars > PolicyLimits.MAX_WILDCARDS) {
            throw new PolicyException(file, at, "resource has " + stars + " wildcards, over the limit of " + PolicyLimits.MAX_WILDCARDS);
        }
    }

    private static SignatureSettings signatures(Path file, JsonObject s) throws PolicyException {
        String at = "$.signatures";
        for (String key : s.keySet()) {
            if (!Set.of("required", "maxSkewSeconds", "replayCacheSize", "keys").contains(key)) {
                throw new PolicyException(file, at + "." + key, "unknown key (expected required, maxSkewSeconds, replayCacheSize, keys)");
            }
        }
        boolean required = s.has("required") && bool(file, at + ".required", s.get("required"));
        long skew = s.has("maxSkewSeconds") ? number(file, at + ".maxSkewSeconds", s.get("maxSkewSeconds"), 1, 3600)
                : SignatureSettings.DEFAULT_SKEW_SECONDS;
        int cache = (int) (s.has("replayCacheSize") ? number(file, at + ".replayCacheSize", s.get("replayCacheSize"), 16, 1_000_000)
                : SignatureSettings.DEFAULT_REPLAY_CACHE);
        Map<String, PinnedKey> keys = new LinkedHashMap<>();
        JsonObject k = s.has("keys") ? object(file, at + ".keys", s.get("keys")) : new JsonObject();
        if (k.size() > PolicyLimits.MAX_KEYS) {
            throw new PolicyException(file, at + ".keys", k.size() + " keys, over the limit of " + PolicyLimits.MAX_KEYS);
        }
        Path dir = file.toAbsolutePath().getParent();
        for (Map.Entry<String, JsonElement> e : k.entrySet()) {
            String kat = at + ".keys." + e.getKey();
            name(file, kat, e.getKey());
            JsonObject key = object(file, kat, e.getValue());
            for (String name : key.keySet()) {
                if (!name.equals("file") && !name.equals("subjects")) {
                    throw new PolicyException(file, kat + "." + name, "unknown key (expected file, subjects)");
                }
            }
            if (!key.has("file") || !key.has("subjects")) {
                throw new PolicyException(file, kat, "a key needs 'file' (a PEM public key beside the policy) and 'subjects'");
            }
            String name = text(file, kat + ".file", key.get("file"));
            Path keyFile = dir.resolve(name).normalize();
            if (!keyFile.startsWith(dir) || name.isEmpty()) {
                throw new PolicyException(file, kat + ".file", "key file " + Quoted.of(name) + " must lie in the policy's directory " + dir);
            }
            Set<String> subjects = subjects(file, kat + ".subjects", key.get("subjects"));
            try {
                keys.put(e.getKey(), PinnedKey.read(e.getKey(), keyFile, subjects));
            } catch (IOException x) {
                throw new PolicyException(file, kat + ".file", "key file " + keyFile + " cannot be read: " + x);
            } catch (IllegalArgumentException x) {
                throw new PolicyException(file, kat + ".file", "key file " + keyFile + ": " + x.getMessage());
            }
        }
        if (required && keys.isEmpty()) {
            throw new PolicyException(file, at + ".keys", "signatures are required but no key is pinned: no command could ever pass");
        }
        return new SignatureSettings(required, skew, cache, Map.copyOf(keys));
    }

    private static void name(Path file, String at, String name) throws PolicyException {
        if (name.isEmpty() || name.length() > PolicyLimits.MAX_PATTERN_CHARS || control(name)) {
            throw new PolicyException(file, at, "a name must be 1 to " + PolicyLimits.MAX_PATTERN_CHARS + " characters without control characters");
        }
    }

    private static JsonObject object(Path file, String at, JsonElement e) throws PolicyException {
        if (e == null || !e.isJsonObject()) {
            throw new PolicyException(file, at, "expected a JSON object, found " + kind(e));
        }
        return e.getAsJsonObject();
    }

    private static String text(Path file, String at, JsonElement e) throws PolicyException {
        if (e instanceof JsonPrimitive p && p.isString()) {
            return p.getAsString();
        }
        throw new PolicyException(file, at, "expected a string, found " + kind(e));
    }

    private static boolean bool(Path file, String at, JsonElement e) throws PolicyException {
        if (e instanceof JsonPrimitive p && p.isBoolean()) {
            return p.getAsBoolean();
        }
        throw new PolicyException(file, at, "expected true or false, found " + kind(e));
    }

    private static long number(Path file, String at, JsonElement e, long min, long max) throws PolicyException {
        if (e instanceof JsonPrimitive p && p.isNumber()) {
            BigDecimal d = p.getAsBigDecimal();
            if (d.signum() >= 0 && d.stripTrailingZeros().scale() <= 0 && d.compareTo(BigDecimal.valueOf(min)) >= 0
                    && d.compareTo(BigDecimal.valueOf(max)) <= 0) {
                return d.longValueExact();
            }
        }
        throw new PolicyException(file, at, "expected a whole number from " + min + " to " + max + ", found " + kind(e));
    }

    private static String kind(JsonElement e) {
        if (e == null) {
            return "nothing";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonNull()) {
            return "null";
        }
        return Quoted.of(e.toString(), 40);
    }

    private static boolean control(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                return true;
            }
        }
        return false;
    }
}
