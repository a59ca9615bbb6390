package org.mviot.edge.launcher.tls;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mviot.edge.launcher.config.ConfigException;

/**
 * {@code mviot-edge check} for the cloud link's credentials in {@code gateway.properties}: each
 * file exists and is readable, holds what it should, the key matches the client certificate, the
 * certificates are valid now (not expired, not yet valid), the CA file signs the client
 * certificate when it holds the client certificate's issuer (checkable; a client certificate
 * issued by another CA is noted, as brokers often use separate CAs), and the key and password
 * files are not readable by others. A problem is a {@link ConfigException} naming the setting and
 * the file; a certificate expiring within 30 days is a warning line.
 */
public final class CredentialsCheck {

    /** A certificate expiring within this many days is warned about. */
    static final long WARN_DAYS = 30;

    private final PrintStream out;
    private final Instant now;

    /**
     * @param out where the result lines go
     * @param now the time the certificates must be valid at
     */
    public CredentialsCheck(PrintStream out, Instant now) {
        this.out = out;
        this.now = now;
    }

    /**
     * @param settings the gateway settings' {@code broker.*} entries (the other entries are ignored)
     * @throws ConfigException naming the setting and file of the first problem
     */
    public void check(Map<String, String> settings) throws ConfigException {
        List<X509Certificate> cas = null;
        String ca = blankToNull(settings.get(BrokerCredentials.CA));
        if (ca != null) {
            cas = PemMaterial.certificates(Path.of(ca), BrokerCredentials.CA);
            for (X509Certificate c : cas) {
                validNow(c, BrokerCredentials.CA, ca);
            }
            out.println("tls CA " + ca + ": " + cas.size() + " certificate(s), first expiry " + earliest(cas));
        }
        String cert = blankToNull(settings.get(BrokerCredentials.CERTIFICATE));
        String key = blankToNull(settings.get(BrokerCredentials.KEY));
        if (cert == null && key != null) {
            throw new ConfigException(BrokerCredentials.KEY + " " + key + " is set but " + BrokerCredentials.CERTIFICATE
                    + " is not: mutual TLS needs both");
        }
        if (cert != null) {
            if (key == null) {
                throw new ConfigException(BrokerCredentials.CERTIFICATE + " " + cert + " is set but " + BrokerCredentials.KEY
                        + " is not: mutual TLS needs both");
            }
            List<X509Certificate> chain = PemMaterial.certificates(Path.of(cert), BrokerCredentials.CERTIFICATE);
            X509Certificate own = chain.get(0);
            PrivateKey k = PemMaterial.privateKey(Path.of(key), BrokerCredentials.KEY);
            if (!PemMaterial.matches(k, own.getPublicKey())) {
                throw new ConfigException(BrokerCredentials.KEY + " " + key + ": the key does not match the client certificate "
                        + cert + " (" + own.getSubjectX500Principal().getName() + ")");
            }
            validNow(own, BrokerCredentials.CERTIFICATE, cert);
            ownerOnly(Path.of(key), BrokerCredentials.KEY);
            out.println("tls client certificate " + cert + ": " + own.getSubjectX500Principal().getName() + ", valid until "
                    + own.getNotAfter().toInstant() + ", key " + key + " matches" + issuer(chain, cas));
        }
        String password = blankToNull(settings.get(BrokerCredentials.PASSWORD_FILE));
        if (password != null) {
            byte[] bytes = PemMaterial.read(Path.of(password), BrokerCredentials.PASSWORD_FILE);
            if (bytes.length == 0) {
                throw new ConfigException(BrokerCredentials.PASSWORD_FILE + " " + password + ": the file is empty");
            }
            ownerOnly(Path.of(password), BrokerCredentials.PASSWORD_FILE);
            out.println("broker user " + settings.getOrDefault(BrokerCredentials.USERNAME, "(none)") + ", password file " + password
                    + ": readable");
        }
    }

    /** Whether the CA file signs the client certificate's chain, where the CA file holds its issuer. */
    private String issuer(List<X509Certificate> chain, List<X509Certificate> cas) throws ConfigException {
        if (cas == null) {
            return "";
        }
        X509Certificate top = chain.get(chain.size() - 1);
        for (X509Certificate c : cas) {
            if (c.getSubjectX500Principal().equals(top.getIssuerX500Principal())) {
                try {
                    top.verify(c.getPublicKey());
                    return ", signed by CA " + c.getSubjectX500Principal().getName();
                } catch (GeneralSecurityException e) {
                    throw new ConfigException(BrokerCredentials.CA + " holds a certificate named " + c.getSubjectX500Principal().getName()
                            + " that did not sign the client certificate chain in " + BrokerCredentials.CERTIFICATE + " (" + e.getMessage() + ")");
                }
            }
        }
        return " (issued by " + top.getIssuerX500Principal().getName() + ", which the CA file does not hold: not checkable here; the broker checks it)";
    }

    private void validNow(X509Certificate c, String setting, String file) throws ConfigException {
        String who = setting + " " + file + " (" + c.getSubjectX500Principal().getName() + ")";
        Instant notAfter = c.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            throw new ConfigException(who + ": certificate expired on " + notAfter);
        }
        if (now.isBefore(c.getNotBefore().toInstant())) {
            throw new ConfigException(who + ": certificate not valid before " + c.getNotBefore().toInstant() + " (is the clock right?)");
        }
        long days = Duration.between(now, notAfter).toDays();
        if (days < WARN_DAYS) {
            out.println("warning: " + who + ": certificate expires in " + days + " days (" + notAfter + ")");
        }
    }

    private void ownerOnly(Path file, String setting) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.stream().anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"))) {
                out.println("warning: " + setting + " " + file + " is readable by others (" + java.nio.file.attribute.PosixFilePermissions.toString(p)
                        + "): chmod 600 " + file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to say
        }
    }

    private static String earliest(List<X509Certificate> certs) {
        List<Instant> ends = new ArrayList<>();
        certs.forEach(c -> ends.add(c.getNotAfter().toInstant()));
        return ends.stream().min(Instant::compareTo).map(Instant::toString).orElse("-");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
