package dev.breaker.autoconfigure;

import dev.breaker.BreakerConfig;
import dev.breaker.definition.BreakerConfigurationException;
import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.BeansException;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.convert.ApplicationConversionService;

/**
 * The rules of a breaker's state machine ({@link BreakerRulesProperties}) onto a config builder, and from the values
 * an operator sends at runtime: the settings that experiments try and that can change while the application runs.
 */
final class BreakerRules {

    /** Their configuration-file names, sorted. */
    static final List<String> NAMES = names();

    private BreakerRules() {
    }

    /** Sets what {@code rules} sets on {@code builder}, which checks each value (InvalidBreakerConfigException). */
    static void apply(BreakerRulesProperties rules, BreakerConfig.Builder builder) {
        PropertyMapper map = PropertyMapper.get();
        map.from(rules::getSlidingWindowType).to(builder::slidingWindowType);
        map.from(rules::getSlidingWindowSize).to(builder::slidingWindowSize);
        map.from(rules::getSlidingWindowMaxAge).to(builder::slidingWindowMaxAge);
        map.from(rules::getMinimumNumberOfCalls).to(builder::minimumNumberOfCalls);
        map.from(rules::getFailureRateThreshold).to(builder::failureRateThreshold);
        map.from(rules::getSlowCallRateThreshold).to(builder::slowCallRateThreshold);
        map.from(rules::getSlowCallDurationThreshold).to(builder::slowCallDurationThreshold);
        map.from(rules::getConsecutiveFailureThreshold).to(builder::consecutiveFailureThreshold);
        map.from(rules::getWaitDurationInOpenState).to(builder::waitDurationInOpenState);
        map.from(rules::getWaitDurationJitter).to(builder::waitDurationJitter);
        map.from(rules::getWaitDurationMultiplier).to(builder::waitDurationMultiplier);
        map.from(rules::getMaxWaitDurationInOpenState).to(builder::maxWaitDurationInOpenState);
        map.from(rules::getAutomaticTransitionToHalfOpen).to(builder::automaticTransitionToHalfOpen);
        map.from(rules::getPermittedNumberOfCallsInHalfOpenState).to(builder::permittedNumberOfCallsInHalfOpenState);
        map.from(rules::getSuccessThresholdInHalfOpenState).to(builder::successThresholdInHalfOpenState);
        map.from(rules::getMaxWaitDurationInHalfOpenState).to(builder::maxWaitDurationInHalfOpenState);
    }

    /** The configuration-file names of the rules {@code rules} sets, sorted. */
    static List<String> set(BreakerRulesProperties rules) {
        BeanWrapperImpl wrapper = new BeanWrapperImpl(rules);
        return NAMES.stream().filter(name -> wrapper.getPropertyValue(Layer.camelCase(name)) != null).toList();
    }

    /**
     * The rules an operator sent, by configuration-file name, each value read as a configuration file's would be
     * (as text: {@code 20}, {@code 15s}, {@code count-based}, {@code true}).
     *
     * @param path the property path the values stand for, e.g. {@code breaker.instances.payment}, for messages
     * @throws BreakerConfigurationException naming {@code <path>.<name>} and what it accepts, for a name that is
     *         not a rule or a value that is not one
     */
    static BreakerRulesProperties read(Map<String, ?> values, String path) {
        BreakerRulesProperties rules = new BreakerRulesProperties();
        BeanWrapperImpl wrapper = new BeanWrapperImpl(rules);
        wrapper.setConversionService(ApplicationConversionService.getSharedInstance());
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            String name = entry.getKey();
            if (!NAMES.contains(name)) {
                throw notARule(path, name);
            }
            String accepted = BreakerSettings.ACCEPTED.get(name);
            Object value = entry.getValue();
            if (value == null || value instanceof Map || value instanceof Collection || value.toString().isBlank()) {
                throw BreakerConfigurationException.invalidSetting(path + "." + name, shown(value), accepted);
            }
            try {
                wrapper.setPropertyValue(Layer.camelCase(name), value.toString().trim());
            } catch (BeansException notConvertible) {
                throw BreakerConfigurationException.invalidSetting(path + "." + name, shown(value), accepted);
            }
        }
        return rules;
    }

    private static BreakerConfigurationException notARule(String path, String name) {
        String shown = name.length() > 100 ? name.substring(0, 100) + "..." : name;
        String closest = BreakerKeys.closest(name, NAMES);
        String why;
        if (closest != null) {
            why = " is not a breaker setting (did you mean " + closest + "?)";
        } else if (BreakerSettings.ACCEPTED.containsKey(name)) {
            why = " cannot change while the application runs, only with a restart";
        } else {
            why = " is not a breaker setting";
        }
        return new BreakerConfigurationException(path + "." + shown + why + ". The settings that can change while the"
                + " application runs are: " + String.join(", ", NAMES) + ".",
                "Send only those settings, by the names of the configuration file.");
    }

    private static String shown(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map || value instanceof Collection) {
            return (value instanceof Map) ? "an object" : "a list";
        }
        String text = value.toString();
        if (text.isBlank()) {
            return "empty";
        }
        return "'" + (text.length() > 100 ? text.substring(0, 100) + "..." : text) + "'";
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(BreakerRulesProperties.class)) {
            if (property.getWriteMethod() != null) {
                names.add(DataObjectPropertyName.toDashedForm(property.getName()));
            }
        }
        names.sort(null);
        return List.copyOf(names);
    }
}
