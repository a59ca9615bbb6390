package org.mviot.edge.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mviot.edge.launcher.config.ConfigException;

/**
 * A command line: a command word, {@code --name value} / {@code --name=value} options, and
 * positional arguments.
 *
 * @param command    the command ({@code run}, {@code provision}, …)
 * @param options    options by name, without the dashes
 * @param positional the remaining arguments
 */
public record Options(String command, Map<String, String> options, List<String> positional) {

    /**
     * Parses arguments, accepting only the given option names.
     *
     * @param args    the arguments after the command word
     * @param command the command word
     * @param allowed option names the command understands
     * @return the parsed command line
     * @throws ConfigException naming an unknown option or one without a value
     */
    public static Options parse(String command, List<String> args, Set<String> allowed) throws ConfigException {
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> pos = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                pos.add(a);
                continue;
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new ConfigException("option --" + name + " needs a value");
            }
            if (!allowed.contains(name)) {
                throw new ConfigException("'" + command + "' has no option --" + name + " (it takes "
                        + (allowed.isEmpty() ? "none" : "--" + String.join(", --", new java.util.TreeSet<>(allowed))) + ")");
            }
            opts.put(name, value);
        }
        return new Options(command, opts, pos);
    }
}
