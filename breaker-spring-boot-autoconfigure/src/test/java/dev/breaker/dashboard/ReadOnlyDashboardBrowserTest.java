package dev.breaker.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The page with the endpoint's default access (read-only), on the application's port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ReadOnlyDashboardBrowserTest.App.class,
        properties = {"breaker.dashboard.enabled=true", "management.endpoints.web.exposure.include=circuitbreakers",
                "breaker.instances.payments.failure-rate-threshold=50",
                "breaker.instances.inventory.slow-call-rate-threshold=80"})
@AutoConfigureRestTestClient
class ReadOnlyDashboardBrowserTest {

    private static ChromeDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    BreakerRegistry registry;

    @Autowired
    RestTestClient http;

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.start();
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void openPage() {
        registry.breaker("payments").reset();
        // Without the trailing slash: the page redirects to it, so that its relative links resolve.
        browser.get("http://localhost:" + port + "/breaker-dashboard");
    }

    @Test
    void listsTheBreakersAndShowsAnOpeningWithinSeconds() {
        Chromium.await(browser, (driver) -> Chromium.breakerNames(driver).containsAll(
                java.util.List.of("inventory", "payments")) ? true : null);
        assertThat(Chromium.card(browser, "payments").getAttribute("data-state")).isEqualTo("CLOSED");

        registry.breaker("payments").transitionToOpenState();

        Chromium.await(browser, (driver) -> "OPEN".equals(Chromium.card(driver, "payments").getAttribute("data-state")));
        assertThat(Chromium.card(browser, "payments").findElement(By.cssSelector(".state")).getText())
                .isEqualTo("OPEN");
        Chromium.await(browser, (driver) -> Chromium.card(driver, "payments")
                .findElement(By.cssSelector(".transitions")).getText().contains("CLOSED \u2192 OPEN"));
        assertThat(Chromium.card(browser, "payments").findElement(By.cssSelector(".retry")).getText())
                .startsWith("retry in");
        assertThat(Chromium.card(browser, "inventory").getAttribute("data-state")).isEqualTo("CLOSED");
    }

    @Test
    void showsNoWriteButtonsWhenTheEndpointIsReadOnly() {
        Chromium.await(browser, (driver) -> !Chromium.breakerNames(driver).isEmpty());
        assertThat(browser.findElement(By.id("mode")).getText()).isEqualTo("read-only");
        assertThat(browser.findElements(By.cssSelector("button"))).isEmpty();
        assertThat(browser.findElement(By.id("status")).getAttribute("class")).doesNotContain("error");
    }

    @Test
    void settingsNameTheEndpointAndForbidWrites() {
        http.get().uri("/breaker-dashboard/settings.json").exchange().expectStatus().isOk().expectBody()
                .json("{\"endpoint\":\"/actuator/circuitbreakers\",\"writable\":false}");
        http.get().uri("/breaker-dashboard/dashboard.js").exchange().expectStatus().isOk().expectHeader()
                .contentTypeCompatibleWith("text/javascript");
        // The assets are the dashboard's alone: Boot's static resource handling does not serve them.
        http.get().uri("/dashboard.js").exchange().expectStatus().isNotFound();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
