package dev.breaker.tuning;

import java.util.LinkedHashMap;
import java.util.Map;

/** Settings written as in the tests' prose: {@code "failure-rate-threshold=20, wait-duration-in-open-state=65s"}. */
final class Candidates {

    private Candidates() {
    }

    static Map<String, String> settings(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String setting : text.split(",\\s*")) {
            int equals = setting.indexOf('=');
            settings.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        return settings;
    }
}
