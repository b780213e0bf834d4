package dev.breaker.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Writes {@code target/dashboard.png}, the picture in docs/dashboard.md: one breaker OPEN after its failure rate
 * climbed, one CLOSED again after an opening. Opt-in ({@code -Ddashboard.screenshot=true}); copy the file
 * to docs/images/ by hand, the build never writes into docs/.
 */
@EnabledIfSystemProperty(named = "dashboard.screenshot", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = DashboardScreenshotTest.App.class,
        properties = {"breaker.dashboard.enabled=true", "management.endpoints.web.exposure.include=circuitbreakers",
                "management.endpoint.circuitbreakers.access=unrestricted",
                "breaker.instances.payments.failure-rate-threshold=50",
                "breaker.instances.payments.minimum-number-of-calls=40",
                "breaker.instances.payments.sliding-window-size=40",
                "breaker.instances.payments.wait-duration-in-open-state=60s",
                "breaker.instances.inventory.failure-rate-threshold=50",
                "breaker.instances.inventory.slow-call-rate-threshold=80",
                "breaker.instances.inventory.slow-call-duration-threshold=500ms"})
class DashboardScreenshotTest {

    @LocalServerPort
    int port;

    @Autowired
    BreakerRegistry registry;

    @Test
    void screenshot() throws IOException {
        Breaker inventory = registry.breaker("inventory");
        inventory.transitionToOpenState();
        inventory.transitionToHalfOpenState();
        inventory.transitionToClosedState();
        Breaker payments = registry.breaker("payments");
        ChromeDriver browser = Chromium.start();
        try {
            browser.get("http://localhost:" + port + "/breaker-dashboard/");
            Chromium.await(browser, (driver) -> Chromium.breakerNames(driver).size() == 2);
            // A failure rate that climbs poll after poll, so that the trend has a shape.
            for (int poll = 0; poll < 12 && payments.state() == dev.breaker.BreakerState.CLOSED; poll++) {
                for (int call = 0; call < 4; call++) {
                    if (call < poll / 3 + 1) {
                        payments.onError(Duration.ofMillis(30), new IllegalStateException("503 from payments"));
                    }
                    else {
                        payments.onSuccess(Duration.ofMillis(20));
                    }
                    inventory.onSuccess(Duration.ofMillis((poll % 3 == 0) ? 700 : 40));
                }
                String before = browser.findElement(By.id("status")).getText();
                Chromium.await(browser, (driver) -> !driver.findElement(By.id("status")).getText().equals(before));
            }
            payments.transitionToOpenState();
            Chromium.await(browser, (driver) -> "OPEN".equals(Chromium.card(driver, "payments").getAttribute("data-state")));
            Path target = Path.of("target", "dashboard.png");
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            assertThat(target).isNotEmptyFile();
        }
        finally {
            browser.quit();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
