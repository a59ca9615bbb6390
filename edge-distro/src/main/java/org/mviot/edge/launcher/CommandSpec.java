package org.mviot.edge.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@code mviot-edge} command accepts: its options (long and short names, whether they take
 * a value), its positional arguments, and the text of its {@code --help}. One description serves
 * both the parser and the help, so they cannot disagree.
 *
 * @param name        the command word
 * @param summary     one line: what the command does
 * @param positionals names of the positional arguments, e.g. {@code FEATURE}; a trailing {@code ...}
 *                    on the last one takes any number (at least one unless {@code minPositionals} is 0)
 * @param minPositionals the fewest positional arguments
 * @param options     the options, in help order
 * @param details     further help text (may be empty)
 */
public record CommandSpec(String name, String summary, List<String> positionals, int minPositionals, List<OptionSpec> options,
        String details) {

    /**
     * One option.
     *
     * @param name        long name without dashes ({@code profile})
     * @param shortName   short letter ({@code 'p'}) or 0 for none
     * @param valueName   name of its value ({@code NAME}) or {@code null} for a flag
     * @param required    whether the command needs it
     * @param description one line
     */
    public record OptionSpec(String name, char shortName, String valueName, boolean required, String description) {

        /** @return whether the option takes a value */
        public boolean takesValue() {
            return valueName != null;
        }

        String synopsis() {
            String s = (shortName != 0 ? "-" + shortName + ", " : "    ") + "--" + name;
            return takesValue() ? s + " " + valueName : s;
        }
    }

    /** Options every command that touches a gateway's directories takes. */
    public static final List<OptionSpec> LAYOUT = List.of(
            new OptionSpec("home", (char) 0, "DIR", false, "the installation (MVIOT_HOME; default: where bin/mviot-edge is)"),
            new OptionSpec("conf", (char) 0, "DIR", false, "configuration directory (MVIOT_CONF; default HOME/conf)"),
            new OptionSpec("data", (char) 0, "DIR", false, "data directory: framework cache, queues (MVIOT_DATA; default HOME/data)"),
            new OptionSpec("deploy", (char) 0, "DIR", false, "hot deploy directory (MVIOT_DEPLOY; default HOME/deploy)"));

    /** {@code -h}/{@code --help}, which every command takes. */
    public static final OptionSpec HELP = new OptionSpec("help", 'h', null, false, "print this help and exit");

    /**
     * @param name long or short name, without dashes
     * @return the option so named
     */
    public Optional<OptionSpec> option(String name) {
        if (name.equals(HELP.name()) || (name.length() == 1 && name.charAt(0) == HELP.shortName())) {
            return Optional.of(HELP);
        }
        for (OptionSpec o : options) {
            if (o.name().equals(name) || (name.length() == 1 && o.shortName() == name.charAt(0))) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** @return whether the last positional takes any number of words */
    public boolean variadic() {
        return !positionals.isEmpty() && positionals.get(positionals.size() - 1).endsWith("...");
    }

    /** @return the one-line usage: {@code usage: mviot-edge provision --id ID [--broker URI] …} */
    public String usageLine() {
        StringBuilder b = new StringBuilder("usage: mviot-edge ").append(name);
        for (OptionSpec o : options) {
            if (LAYOUT.contains(o)) {
                continue;
            }
            String s = "--" + o.name() + (o.takesValue() ? " " + o.valueName() : "");
            b.append(' ').append(o.required() ? s : "[" + s + "]");
        }
        for (int i = 0; i < positionals.size(); i++) {
            String p = positionals.get(i);
            b.append(' ').append(i < minPositionals ? p : "[" + p + "]");
        }
        return b.toString();
    }

    /** @return the whole {@code --help} text */
    public String help() {
        StringBuilder b = new StringBuilder(usageLine()).append("\n\n").append(summary).append("\n");
        if (!details.isEmpty()) {
            b.append('\n').append(details.strip()).append('\n');
        }
        List<OptionSpec> all = new ArrayList<>(options);
        all.add(HELP);
        Map<String, String> rows = new LinkedHashMap<>();
        for (OptionSpec o : all) {
            rows.put(o.synopsis(), o.description() + (o.required() ? " (required)" : ""));
        }
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        b.append("\noptions:\n");
        rows.forEach((k, v) -> b.append("  ").append(k).append(" ".repeat(width - k.length() + 2)).append(v).append('\n'));
        return b.toString();
    }
}
