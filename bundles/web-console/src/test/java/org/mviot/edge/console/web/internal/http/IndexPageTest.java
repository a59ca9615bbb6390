package org.mviot.edge.console.web.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The console's page names its whole module graph for preloading: a module the page forgets is fetched only when its
 * importer has arrived, one round trip after another (issue 15's first paint).
 */
class IndexPageTest {

    private static final Pattern PRELOAD = Pattern.compile("<link rel=\"modulepreload\" href=\"" + Pattern.quote(StaticServlet.VERSION_MARK) + "(/[^\"]+)\">");
    private static final Pattern IMPORT = Pattern.compile("^import [^;]*? from '([^']+)';", Pattern.MULTILINE);
    private static final Pattern VERSIONED = Pattern.compile("(?:href|src)=\"" + Pattern.quote(StaticServlet.VERSION_MARK) + "(/[^\"]+)\"");

    @Test
    void everyModuleTheConsoleImportsIsPreloadedByThePageAndNothingElse() throws IOException {
        Set<String> imported = new TreeSet<>();
        Deque<String> open = new ArrayDeque<>();
        open.add("/js/app.js");
        while (!open.isEmpty()) {
            String module = open.poll();
            if (!imported.add(module)) {
                continue;
            }
            Matcher m = IMPORT.matcher(file(module));
            while (m.find()) {
                open.add(URI.create(module).resolve(m.group(1)).getPath());
            }
        }
        Set<String> preloaded = new TreeSet<>();
        Matcher m = PRELOAD.matcher(file("/index.html"));
        while (m.find()) {
            preloaded.add(m.group(1));
        }
        assertThat(imported).hasSizeGreaterThan(5);
        assertThat(preloaded).isEqualTo(imported);
    }

    @Test
    void everyFileThePageNamesUnderTheVersionPartExistsInTheBundle() throws IOException {
        Matcher m = VERSIONED.matcher(file("/index.html"));
        int named = 0;
        while (m.find()) {
            assertThat(getClass().getResource("/web" + m.group(1))).as(m.group(1)).isNotNull();
            named++;
        }
        assertThat(named).isGreaterThan(5);
    }

    private String file(String path) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/web" + path)) {
            assertThat(in).as("web%s in the bundle", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
