package dev.breaker.actuate;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.json.JsonParserFactory;

/** The settings of a write, sent as the JSON text of an object: {@code {"failure-rate-threshold":20}}. */
final class SettingsText {

    static final String EXAMPLE = "{\"failure-rate-threshold\":20}";

    private SettingsText() {
    }

    /**
     * The settings by name.
     *
     * @throws InvalidEndpointRequestException when the text is not a JSON object
     */
    static Map<String, Object> parse(String settings) {
        String text = settings.trim();
        if (!text.startsWith("{")) {
            throw notAnObject();
        }
        try {
            return JsonParserFactory.getJsonParser().parseMap(text);
        } catch (IllegalArgumentException notJson) { // JsonParseException among them
            throw notAnObject();
        }
    }

    private static InvalidEndpointRequestException notAnObject() {
        String reason = "settings must be a JSON object of breaker settings by name, such as " + EXAMPLE;
        return new InvalidEndpointRequestException(reason, reason);
    }
}
