package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.definition.BreakerConfigurationException;
import io.lettuce.core.cluster.SlotHash;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The keys and channel that {@code breaker.shared.*} gives. */
class SharedStateSettingsTest {

    private final SharedStateSettings settings = FleetInstance.settings("orders", "one").build();

    @Test
    void aBreakersKeyEndsInItsNameAsTheHashTag() {
        assertThat(settings.key("payment")).isEqualTo("breaker:orders:{payment}");
        assertThat(settings.channel()).isEqualTo("breaker:orders:transitions");
    }

    @Test
    void everyKeyOfOneBreakerHashesToOneClusterSlotAndBreakersSpreadOverSlots() {
        for (String name : List.of("payment", "inventory", "a}b", "with:colons", "{braced}")) {
            TrackedBreaker tracked = new TrackedBreaker(Breaker.of(name, BreakerConfig.defaults()), settings.key(name));
            assertThat(Stream.of(tracked.key, tracked.appliedKey, tracked.probesKey).map(SlotHash::getSlot).distinct())
                    .as("slots of %s's keys", name).hasSize(1);
        }
        assertThat(SlotHash.getSlot(settings.key("payment"))).isNotEqualTo(SlotHash.getSlot(settings.key("inventory")));
    }

    @Test
    void aBraceBeforeTheHashTagIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> FleetInstance.settings("orders", "one").keyPrefix("cb{eu}").build())
                .isInstanceOf(BreakerConfigurationException.class)
                .hasMessageStartingWith("breaker.shared.key-prefix is 'cb{eu}', but it must not contain braces");
        assertThatThrownBy(() -> FleetInstance.settings("orders}", "one").build())
                .isInstanceOf(BreakerConfigurationException.class)
                .hasMessageStartingWith("breaker.shared.namespace is 'orders}', but it must not contain braces");
        assertThat(FleetInstance.settings("orders-eu", "one").build().namespace()).isEqualTo("orders-eu");
    }
}
