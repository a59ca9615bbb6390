package org.mviot.edge.cloud.mqtt.internal.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When the link's certificates expire, as the gateway twin's {@code tls} feature reports it:
 * {@code client.notAfter}, {@code client.expiresInDays}, {@code ca.notAfter},
 * {@code ca.expiresInDays} (the CA certificate that expires first), and {@code warning} when one
 * expires within {@link #WARN_DAYS} days, has expired, or cannot be read.
 */
public final class CertificateExpiry {

    /** A certificate expiring within this many days is warned about. */
    public static final long WARN_DAYS = 30;

    private CertificateExpiry() {
    }

    /**
     * Reads the files; never throws (an unreadable file is a warning).
     *
     * @param ca          the CA file, or {@code null}
     * @param certificate the client certificate file, or {@code null}
     * @param now         the time
     * @return the feature's properties, empty when no TLS file is configured
     */
    public static Map<String, Object> of(Path ca, Path certificate, Instant now) {
        Map<String, Object> p = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        if (certificate != null) {
            describe("client", certificate, now, p, warnings);
        }
        if (ca != null) {
            describe("ca", ca, now, p, warnings);
        }
        if (!warnings.isEmpty()) {
            p.put("warning", String.join("; ", warnings));
        }
        return p;
    }

    private static void describe(String prefix, Path file, Instant now, Map<String, Object> p, List<String> warnings) {
        X509Certificate first;
        try {
            List<X509Certificate> certs = PemFiles.certificates(file);
            // the gateway's own certificate is the first of its chain; of the CAs, the one that expires first matters
            first = prefix.equals("client") ? certs.get(0)
                    : certs.stream().min((a, b) -> a.getNotAfter().compareTo(b.getNotAfter())).orElseThrow();
        } catch (IOException e) {
            warnings.add(prefix + " certificate unreadable: " + e.getMessage());
            return;
        }
        Instant notAfter = first.getNotAfter().toInstant();
        long days = Duration.between(now, notAfter).toDays();
        p.put(prefix + ".notAfter", notAfter.toString());
        p.put(prefix + ".expiresInDays", days);
        String what = (prefix.equals("client") ? "client certificate " : "CA certificate ") + file;
        if (now.isAfter(notAfter)) {
            warnings.add(what + " expired on " + notAfter);
        } else if (days < WARN_DAYS) {
            warnings.add(what + " expires in " + days + " days (" + notAfter + ")");
        }
    }
}
