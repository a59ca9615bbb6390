import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.security.internal.policy.Policy;
import org.mviot.edge.security.internal.policy.PolicyParser;
import org.mviot.edge.security.internal.signature.PinnedKey;
import org.mviot.edge.security.internal.signature.SignatureSettings;
import org.mviot.edge.security.internal.signature.SignedCommands;

/**
 * The cost of one command's policy check with 1,000 rules (issue 13 goal: at most 10 µs), run by
 * policy.sh on one core. Three policies of 1,000 WRITE rules:
 * 1. literal: 1,000 entries, each one subject and one property (thing:/features/f{i}/desiredProperties/p{i});
 * 2. wildcards: one subject, 1,000 patterns thing:/features/dev{i}-* /desiredProperties/set* (a glob per
 *    rule at the same level: the tree's worst case, every glob is tried);
 * 3. mixed: 900 literal grants, 100 wildcard revokes, 10 subjects.
 * And, for scale, one signature check (EdDSA and ES256) of a signed command.
 * Bounded: 200,000 warm-up checks, then 5 rounds of 2,000,000 per case.
 */
public final class PolicyBench {

    private static final int ROUNDS = 5;
    private static final int PER_ROUND = 2_000_000;

    public static void main(String[] args) throws Exception {
        Path file = Path.of("bench-policy.json");
        StringBuilder literal = new StringBuilder("{\"entries\":{");
        for (int i = 0; i < 1000; i++) {
            literal.append(i > 0 ? "," : "").append("\"e").append(i).append("\":{\"subjects\":[\"user:").append(i).append("\"],\"resources\":{")
                    .append("\"thing:/features/f").append(i).append("/desiredProperties/p").append(i).append("\":{\"grant\":[\"WRITE\"]}}}");
        }
        Policy a = PolicyParser.parse(file, literal.append("}}").toString()).policy();
        StringBuilder globs = new StringBuilder("{\"entries\":{\"ops\":{\"subjects\":[\"ditto:operator\"],\"resources\":{");
        for (int i = 0; i < 1000; i++) {
            globs.append(i > 0 ? "," : "").append("\"thing:/features/dev").append(i).append("-*/desiredProperties/set*\":{\"grant\":[\"WRITE\"]}");
        }
        Policy b = PolicyParser.parse(file, globs.append("}}}}").toString()).policy();
        StringBuilder mixed = new StringBuilder("{\"entries\":{");
        for (int e = 0; e < 10; e++) {
            mixed.append(e > 0 ? "," : "").append("\"team").append(e).append("\":{\"subjects\":[\"team:").append(e).append("\"],\"resources\":{");
            for (int i = 0; i < 100; i++) {
                int n = e * 100 + i;
                mixed.append(i > 0 ? "," : "").append(n % 10 == 9
                        ? "\"thing:/features/pump" + n + "*/desiredProperties/lock*\":{\"revoke\":[\"WRITE\"]}"
                        : "\"thing:/features/pump" + n + "/desiredProperties\":{\"grant\":[\"WRITE\"]}");
            }
            mixed.append("}}");
        }
        Policy c = PolicyParser.parse(file, mixed.append("}}").toString()).policy();
        System.out.printf("rules: literal %d, wildcards %d, mixed %d%n", a.rules(), b.rules(), c.rules());

        run("literal, allowed (entry 999 of 1,000)", a, "user:999", "thing:/features/f999/desiredProperties/p999", true);
        run("literal, denied (no grant)", a, "user:5", "thing:/features/f6/desiredProperties/p6", false);
        run("1,000 globs at one level, allowed (the last one)", b, "ditto:operator", "thing:/features/dev999-x/desiredProperties/setpoint", true);
        run("1,000 globs at one level, denied", b, "ditto:operator", "thing:/features/other/desiredProperties/setpoint", false);
        run("mixed, allowed", c, "team:5", "thing:/features/pump512/desiredProperties/speed", true);
        run("mixed, denied by a wildcard revoke", c, "team:0", "thing:/features/pump99x/desiredProperties/lockout", false);
        signatures();
    }

    private static void run(String name, Policy p, String subject, String resource, boolean expected) {
        if (p.evaluate(subject, resource).allowed() != expected) {
            throw new AssertionError(name + ": expected allowed=" + expected + ", " + p.evaluate(subject, resource).reason());
        }
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += p.evaluate(subject, resource).reason().length();
        }
        double best = Double.MAX_VALUE;
        double sum = 0;
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < PER_ROUND; i++) {
                sink += p.evaluate(subject, resource).reason().length();
            }
            double ns = (System.nanoTime() - t0) / (double) PER_ROUND;
            best = Math.min(best, ns);
            sum += ns;
        }
        System.out.printf("%-50s best %7.0f ns, mean %7.0f ns per check  (%d)%n", name, best, sum / ROUNDS, sink % 7);
    }

    private static void signatures() throws Exception {
        for (String alg : new String[] {"EdDSA", "ES256"}) {
            java.security.KeyPair kp;
            if (alg.equals("EdDSA")) {
                kp = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } else {
                java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
                g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
                kp = g.generateKeyPair();
            }
            Path pem = java.nio.file.Files.createTempFile("bench", ".pem");
            java.nio.file.Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(kp.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            PinnedKey key = PinnedKey.read("k", pem, Set.of("op"));
            java.nio.file.Files.delete(pem);
            int n = 2000;
            SignedCommands check = new SignedCommands(new SignatureSettings(true, 60, n + 10, Map.of("k", key)), System::currentTimeMillis);
            Command[] cmds = new Command[n];
            for (int i = 0; i < n; i++) {
                String payload = "{\"topic\":\"ns/b/things/twin/commands/modify\",\"path\":\"/features/s/desiredProperties/v\",\"value\":" + i
                        + ",\"sub\":\"op\",\"iat\":" + System.currentTimeMillis() / 1000 + ",\"jti\":\"j" + i + "\"}";
                String header = alg.equals("EdDSA") ? "{\"alg\":\"EdDSA\",\"kid\":\"k\"}" : "{\"alg\":\"ES256\",\"kid\":\"k\"}";
                java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
                String input = b64.encodeToString(header.getBytes()) + "." + b64.encodeToString(payload.getBytes());
                byte[] sig;
                if (alg.equals("EdDSA")) {
                    java.security.Signature s = java.security.Signature.getInstance("Ed25519");
                    s.initSign(kp.getPrivate());
                    s.update(input.getBytes());
                    sig = s.sign();
                } else {
                    java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
                    s.initSign(kp.getPrivate());
                    s.update(input.getBytes());
                    sig = s.sign();
                }
                cmds[i] = new Command("c" + i, new ThingId("ns", "b"), "s", "v", (long) i, "op", "thing:/features/s/desiredProperties/v",
                        new Command.Request("ns/b/things/twin/commands/modify", "/features/s/desiredProperties/v", Integer.toString(i),
                                input + "." + b64.encodeToString(sig)));
            }
            for (int i = 0; i < n / 2; i++) {
                if (check.check(cmds[i]) != null) {
                    throw new AssertionError(alg + ": " + check.check(cmds[i]));
                }
            }
            long t0 = System.nanoTime();
            for (int i = n / 2; i < n; i++) {
                if (check.check(cmds[i]) != null) {
                    throw new AssertionError(alg + ": refused");
                }
            }
            System.out.printf("%-50s %7.1f µs per signed command (%d after %d warm-up)%n", "signature check " + alg,
                    (System.nanoTime() - t0) / 1000.0 / (n / 2), n / 2, n / 2);
        }
    }
}
