package dev.breaker.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With writes allowed ({@code management.endpoint.circuitbreakers.access=unrestricted}) and the actuator on a
 * port of its own: the page is served there, under the management base path, and its buttons write.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = WritableDashboardBrowserTest.App.class,
        properties = {"breaker.dashboard.enabled=true", "breaker.dashboard.path=/ops/breakers",
                "management.endpoints.web.exposure.include=circuitbreakers",
                "management.endpoint.circuitbreakers.access=unrestricted", "management.server.port=0",
                "management.server.base-path=/manage",
                "breaker.instances.payments.failure-rate-threshold=50", "breaker.instances.inventory.slow-call-rate-threshold=80"})
class WritableDashboardBrowserTest {

    private static ChromeDriver browser;

    @LocalManagementPort
    int managementPort;

    @LocalServerPort
    int applicationPort;

    @Autowired
    BreakerRegistry registry;

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

    @Test
    void forceOpenButtonForcesTheBreakerOpen() {
        browser.get("http://localhost:" + managementPort + "/manage/ops/breakers/");
        Chromium.await(browser, (driver) -> Chromium.breakerNames(driver).contains("payments"));
        assertThat(browser.findElement(By.id("mode")).getText()).isEqualTo("writes allowed");

        Chromium.card(browser, "payments").findElement(By.cssSelector("button.force-open")).click();

        Chromium.await(browser, (driver) -> registry.breaker("payments").state() == BreakerState.FORCED_OPEN);
        Chromium.await(browser,
                (driver) -> "FORCED_OPEN".equals(Chromium.card(driver, "payments").getAttribute("data-state")));
        assertThat(registry.breaker("inventory").state()).isEqualTo(BreakerState.CLOSED);

        Chromium.card(browser, "payments").findElement(By.cssSelector("button.close")).click();
        Chromium.await(browser, (driver) -> registry.breaker("payments").state() == BreakerState.CLOSED);
    }

    @Test
    void isNotServedOnTheApplicationsPort() throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://localhost:" + applicationPort + "/ops/breakers/settings.json")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
