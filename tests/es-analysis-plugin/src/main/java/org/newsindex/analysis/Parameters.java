package org.newsindex.analysis;

import java.util.Set;
import org.elasticsearch.common.settings.Settings;

/** The checks every component of the plugin makes of its settings. */
final class Parameters {

    private Parameters() {}

    /** Refuses a parameter the component does not implement ({@code type} and the index's own
     * {@code index.*} settings are always there). */
    static void only(Settings settings, String type, String name, String... known) {
        Set<String> allowed = Set.of(known);
        for (String key : settings.keySet()) {
            String parameter = key.split("\\.", 2)[0];
            if (!parameter.equals("type") && !parameter.equals("index") && !allowed.contains(parameter)) {
                throw new IllegalArgumentException(
                    "[" + type + "] " + name + ": parameter [" + parameter
                        + "] is not implemented by the newsindex test plugin (known: " + allowed + ")"
                );
            }
        }
    }

    static String required(Settings settings, String type, String name, String parameter) {
        String value = settings.get(parameter);
        if (value == null) {
            throw new IllegalArgumentException("[" + type + "] " + name + ": [" + parameter + "] is required");
        }
        return value;
    }
}
