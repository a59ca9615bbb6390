package org.mviot.edge.launcher.console;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.mviot.edge.launcher.config.ConfigException;

/**
 * {@code mviot-edge provision --admin-password-file FILE}: reads the web console's admin password from FILE (its
 * first line), or with {@code -} asks for it twice on the terminal (or reads one line from standard input when there
 * is no terminal), and stores its salted PBKDF2 hash in {@code conf/console/admin.pbkdf2} (mode 0600). The hash is
 * made by the console bundle's own class ({@code AdminPasswordFile}, loaded from its jar in {@code system/}), so the
 * stored format has one home: the code that checks it at login.
 */
public final class AdminPasswordProvisioning {

    static final String WRITER = "org.mviot.edge.console.web.internal.auth.AdminPasswordFile";
    private static final int MAX_FILE = 4096;

    private AdminPasswordProvisioning() {
    }

    /**
     * @param source    FILE, or {@code -} for the terminal / standard input
     * @param conf      the configuration directory
     * @param consoleJar the console bundle's jar
     * @param in        standard input
     * @return what was done
     * @throws ConfigException naming the problem
     */
    public static String provision(String source, Path conf, Path consoleJar, InputStream in) throws ConfigException {
        char[] password = source.equals("-") ? prompt(in) : fromFile(Path.of(source));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {consoleJar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            @SuppressWarnings("unchecked")
            BiFunction<Path, char[], String> writer = (BiFunction<Path, char[], String>) loader.loadClass(WRITER).getConstructor().newInstance();
            return writer.apply(conf.resolve(ConsoleServer.DIR).resolve(ConsoleServer.PASSWORD_HASH), password);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--admin-password-file: " + e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new ConfigException(e.getMessage());
        } catch (IOException | ReflectiveOperationException e) {
            throw new ConfigException("the web console bundle " + consoleJar + " cannot store the password: " + e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * @param system the distribution's bundle directory
     * @param jarOf  the feature's bundle jars by file name prefix
     * @return the console bundle's jar
     * @throws ConfigException if the distribution has none
     */
    public static Path consoleJar(Path system, Function<String, Path> jarOf) throws ConfigException {
        Path jar = jarOf.apply("org.mviot.edge.console.web-");
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new ConfigException("--admin-password-file: the web console bundle is not in " + system);
        }
        return jar;
    }

    private static char[] fromFile(Path file) throws ConfigException {
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new ConfigException("--admin-password-file " + file + ": larger than " + MAX_FILE + " bytes, not a password file");
            }
            String s = Files.readString(file, StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            s = nl < 0 ? s : s.substring(0, nl);
            return (s.endsWith("\r") ? s.substring(0, s.length() - 1) : s).toCharArray();
        } catch (IOException e) {
            throw new ConfigException("--admin-password-file " + file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static char[] prompt(InputStream in) throws ConfigException {
        Console console = System.console();
        if (console == null) {
            try {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new ConfigException("--admin-password-file -: standard input ended before a password line");
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new ConfigException("--admin-password-file -: standard input cannot be read (" + e.getMessage() + ")");
            }
        }
        char[] first = console.readPassword("web console admin password: ");
        char[] second = console.readPassword("again: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            throw new ConfigException("--admin-password-file -: the two passwords differ (or input ended); nothing was changed");
        }
        Arrays.fill(second, '\0');
        return first;
    }
}
