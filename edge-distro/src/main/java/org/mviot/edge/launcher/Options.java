package org.mviot.edge.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mviot.edge.launcher.config.ConfigException;

/**
 * A parsed command line: the options a {@link CommandSpec} allows ({@code --name value},
 * {@code --name=value}, {@code -n value}, flags), and its positional arguments. Anything else is an
 * error that names the problem and ends with the command's one-line usage.
 *
 * @param command    the command ({@code run}, {@code provision}, …)
 * @param options    options by long name, without the dashes (a flag maps to {@code "true"})
 * @param positional the remaining arguments
 */
public record Options(String command, Map<String, String> options, List<String> positional) {

    /**
     * @return whether {@code -h}/{@code --help} was given
     */
    public boolean help() {
        return options.containsKey(CommandSpec.HELP.name());
    }

    /**
     * Parses arguments against a command's description.
     *
     * @param spec the command
     * @param args the arguments after the command word
     * @return the parsed command line ({@link #help()} set: nothing else was checked)
     * @throws ConfigException naming an unknown option, a missing value, a missing required option
     *                         or an extra word, with the command's usage
     */
    public static Options parse(CommandSpec spec, List<String> args) throws ConfigException {
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> pos = new ArrayList<>();
        boolean onlyPositional = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (onlyPositional || !a.startsWith("-") || a.equals("-")) {
                pos.add(a);
                continue;
            }
            if (a.equals("--")) {
                onlyPositional = true;
                continue;
            }
            boolean isLong = a.startsWith("--");
            String name = a.substring(isLong ? 2 : 1);
            String inline = null;
            int eq = name.indexOf('=');
            if (isLong && eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!isLong && name.length() != 1) {
                throw error(spec, "unknown option '" + a + "' (long options take two dashes: --" + name + ")");
            }
            Optional<CommandSpec.OptionSpec> found = spec.option(name);
            if (found.isEmpty()) {
                throw error(spec, "unknown option '" + (isLong ? "--" : "-") + name + "'");
            }
            CommandSpec.OptionSpec o = found.get();
            if (o == CommandSpec.HELP) {
                return new Options(spec.name(), Map.of(CommandSpec.HELP.name(), "true"), List.of());
            }
            String value;
            if (!o.takesValue()) {
                if (inline != null) {
                    throw error(spec, "option --" + o.name() + " takes no value");
                }
                value = "true";
            } else if (inline != null) {
                value = inline;
            } else if (i + 1 < args.size() && (!args.get(i + 1).startsWith("-") || args.get(i + 1).equals("-"))) {
                // a lone '-' is a value: standard input or the terminal (--admin-password-file -)
                value = args.get(++i);
            } else {
                throw error(spec, "option --" + o.name() + " needs a value (" + o.valueName() + ")");
            }
            if (o.takesValue() && value.isBlank()) {
                throw error(spec, "option --" + o.name() + " needs a non-empty value (" + o.valueName() + ")");
            }
            if (opts.putIfAbsent(o.name(), value) != null) {
                throw error(spec, "option --" + o.name() + " given twice");
            }
        }
        for (CommandSpec.OptionSpec o : spec.options()) {
            if (o.required() && !opts.containsKey(o.name())) {
                throw error(spec, "option --" + o.name() + " " + o.valueName() + " is required");
            }
        }
        if (pos.size() < spec.minPositionals()) {
            throw error(spec, "missing " + String.join(" ", spec.positionals().subList(pos.size(), spec.minPositionals())));
        }
        if (!spec.variadic() && pos.size() > spec.positionals().size()) {
            List<String> extra = pos.subList(spec.positionals().size(), pos.size());
            throw error(spec, "unexpected argument" + (extra.size() > 1 ? "s" : "") + " '" + String.join(" ", extra) + "'");
        }
        return new Options(spec.name(), opts, pos);
    }

    private static ConfigException error(CommandSpec spec, String problem) {
        return new ConfigException(spec.name() + ": " + problem + "\n" + spec.usageLine() + "   (mviot-edge " + spec.name() + " --help for more)");
    }
}
