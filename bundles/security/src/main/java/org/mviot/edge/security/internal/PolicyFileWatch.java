package org.mviot.edge.security.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.LongSupplier;

import org.mviot.edge.security.internal.policy.Policy;
import org.mviot.edge.security.internal.policy.PolicyDocument;
import org.mviot.edge.security.internal.policy.PolicyException;
import org.mviot.edge.security.internal.policy.PolicyParser;
import org.mviot.edge.security.internal.signature.SignatureSettings;
import org.mviot.edge.security.internal.signature.SignedCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy file and what is in force because of it, re-read when the file changes (its size,
 * modification time or inode). The rules, so that the gateway is never open by accident:
 * <ul>
 * <li>no file, and none seen since start: what the profile says ({@code deny}, or the sim
 * profile's {@code demo} policy), told once;</li>
 * <li>a valid file: its policy, from the next command on;</li>
 * <li>a malformed or unreadable file: the previous policy read from the file stays, or deny-all if
 * none was ever valid (never the demo policy: someone meant to restrict it); the error names the
 * file and the JSON path;</li>
 * <li>the file removed after one was seen: deny-all.</li>
 * </ul>
 */
final class PolicyFileWatch {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyFileWatch.class);

    private final Path file;
    private final PolicyWhenMissing whenMissing;
    private final LongSupplier clock;
    private final PolicyDocument demo;
    private volatile ActivePolicy current;
    private volatile String error;
    private Object stamp = Stamp.UNREAD;
    private boolean seenFile;

    /** Nothing read yet. */
    private enum Stamp {
        UNREAD, ABSENT
    }

    /**
     * @param file        the policy file
     * @param whenMissing what applies while there is none
     * @param clock       the clock for signature timestamps (epoch ms)
     * @param demo        the demo policy
     */
    PolicyFileWatch(Path file, PolicyWhenMissing whenMissing, LongSupplier clock, PolicyDocument demo) {
        this.file = file;
        this.whenMissing = whenMissing;
        this.clock = clock;
        this.demo = demo;
        this.current = denyAll("deny-all: not read yet");
    }

    /** @return the policy in force */
    ActivePolicy current() {
        return current;
    }

    /** @return the last problem with the file, or {@code null} */
    String error() {
        return error;
    }

    /** @return the policy file */
    Path file() {
        return file;
    }

    /** Looks at the file and reads it again if it changed; never throws. */
    synchronized void refresh() {
        Object now;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            now = a.size() + "/" + a.lastModifiedTime().toMillis() + "/" + a.lastModifiedTime() + "/" + a.fileKey();
        } catch (NoSuchFileException e) {
            now = Stamp.ABSENT;
        } catch (IOException e) {
            now = "unreadable: " + e;
        }
        if (Objects.equals(now, stamp)) {
            return;
        }
        stamp = now;
        if (now == Stamp.ABSENT) {
            absent();
            return;
        }
        seenFile = true;
        try {
            PolicyDocument d = PolicyParser.read(file);
            SignatureSettings s = d.signatures();
            current = new ActivePolicy(d.policy(), new SignedCommands(s, clock), true, file + (d.policyId().isEmpty() ? "" : " (" + d.policyId() + ")")
                    + ": " + d.policy().entries() + " entries, " + d.policy().rules() + " WRITE rules");
            error = null;
            LOG.info("command policy {} in force: {} entries, {} WRITE rules, signatures {}{}", file, d.policy().entries(),
                    d.policy().rules(), s.required() ? "required (" + s.keys().size() + " keys, window " + s.maxSkewSeconds() + " s)" : "off",
                    d.policyId().isEmpty() ? "" : ", policyId " + d.policyId());
        } catch (PolicyException | IOException | RuntimeException e) {
            error = e instanceof PolicyException ? e.getMessage() : file + ": cannot be read: " + e;
            if (current.fromFile()) {
                LOG.error("command policy not changed: {}; the previous policy from the file stays in force until it is fixed", error);
            } else {
                current = denyAll("deny-all: " + file + " is invalid");
                LOG.error("command policy invalid: {}; every command is denied until it is fixed", error);
            }
        }
    }

    private void absent() {
        error = null;
        if (seenFile) {
            current = denyAll("deny-all: " + file + " was removed");
            LOG.warn("command policy {} was removed: every command is denied until one is provisioned (mviot-edge provision --policy)", file);
        } else if (whenMissing == PolicyWhenMissing.DEMO) {
            current = new ActivePolicy(demo.policy(), new SignedCommands(demo.signatures(), clock), false, "demo (no " + file + ")");
            // the demo policy itself is described in the security bundle's README; the line says what matters now
            LOG.info("no command policy {}: the permissive DEMO policy allows every command (mviot-edge provision --policy)", file);
        } else {
            current = denyAll("deny-all: no " + file);
            LOG.warn("no command policy {}: every command is DENIED until you create it (mviot-edge provision --policy)", file);
        }
    }

    private ActivePolicy denyAll(String describe) {
        return new ActivePolicy(Policy.denyAll(), new SignedCommands(SignatureSettings.OFF, clock), false, describe);
    }
}
