package org.mviot.edge.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Optional;
import java.util.jar.Manifest;

/** What the launcher jar's manifest says about the build: the commit it was built from. */
final class BuildInfo {

    private BuildInfo() {
    }

    /** @return the abbreviated commit id the build wrote into the manifest ({@code SCM-Revision}), if any */
    static Optional<String> commit() {
        URL self = BuildInfo.class.getResource("BuildInfo.class");
        if (self == null || !"jar".equals(self.getProtocol())) {
            return Optional.empty();
        }
        String s = self.toString();
        try (InputStream in = new URL(s.substring(0, s.indexOf("!/") + 2) + "META-INF/MANIFEST.MF").openStream()) {
            String rev = new Manifest(in).getMainAttributes().getValue("SCM-Revision");
            return rev == null || rev.isBlank() || rev.startsWith("${") ? Optional.empty() : Optional.of(rev);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
