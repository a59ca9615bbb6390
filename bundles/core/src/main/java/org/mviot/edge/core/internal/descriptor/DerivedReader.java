package org.mviot.edge.core.internal.descriptor;

import static org.mviot.edge.core.internal.descriptor.JsonFields.string;
import static org.mviot.edge.core.internal.descriptor.JsonFields.unknownFields;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mviot.edge.core.internal.log.LogSafe;
import org.mviot.edge.core.internal.pipeline.Expression;

import com.google.gson.JsonObject;

/** Reads one entry of a descriptor's {@code derived}: a channel computed by an {@link Expression} over the device's channels. */
final class DerivedReader {

    private static final Set<String> FIELDS = Set.of("name", "expression", "unit", "description", "stages", "twin");

    private final StageReader stages;

    DerivedReader(StageReader stages) {
        this.stages = stages;
    }

    /**
     * @param numericIndex the readable boolean and numeric channels an expression may use, with their index
     * @return the derived channel, or {@code null} when it has problems (recorded)
     */
    DerivedConfig read(ParseContext cx, JsonObject o, String at, Map<String, Integer> numericIndex) {
        int before = cx.count();
        unknownFields(cx, o, at, FIELDS, "device '" + cx.device + "' derived channel");
        String name = string(cx, o, at, "name", null, true);
        if (name != null && !ChannelReader.NAME.matcher(name).matches()) {
            cx.problem(at + ".name", cx.who(name) + ": a name may hold only letters, digits, '_', '.' and '-'");
        }
        String who = cx.who(name);
        String text = string(cx, o, at, "expression", null, true);
        Expression expression = null;
        if (text != null) {
            try {
                expression = Expression.compile(text, n -> numericIndex.getOrDefault(n, -1));
            } catch (Expression.ParseException e) {
                cx.problem(at + ".expression", who + ": expression " + LogSafe.quote(text) + ": " + e.getMessage()
                        + " (it may use the readable boolean and numeric channels " + LogSafe.text(numericIndex.keySet().toString(), 500) + ")");
            }
        }
        List<StageSpec> stageSpecs = stages.read(cx, o, at, who, false);
        TwinTargetReader.Target twin = TwinTargetReader.read(cx, o, at, who, name);
        String unit = string(cx, o, at, "unit", "", false);
        String description = string(cx, o, at, "description", "", false);
        if (cx.count() > before) {
            return null;
        }
        return new DerivedConfig(name, unit, description, expression, stageSpecs, twin.feature(), twin.path());
    }
}
