package dev.breaker.dashboard;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver: one browser per test class. Without them the tests
 * are skipped, saying what to install, except on CI (env {@code CI} set), where a missing browser fails.
 */
final class Chromium {

    static final File BINARY = new File("/usr/bin/chromium");

    static final File DRIVER = new File("/usr/bin/chromedriver");

    private Chromium() {
    }

    static ChromeDriver start() {
        String missing = !BINARY.canExecute() ? BINARY.getPath() : !DRIVER.canExecute() ? DRIVER.getPath() : null;
        if (missing != null) {
            String message = missing + " is missing: install the Debian packages chromium and chromium-driver "
                    + "(.ci/run does) to run the dashboard's browser tests";
            if (System.getenv("CI") != null) {
                Assertions.fail(message + " (CI is set, so this fails instead of skipping)");
            }
            Assumptions.abort(message);
        }
        // Selenium logs every CDP version mismatch and connection detail at INFO and WARNING.
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions().setBinary(BINARY)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,900", "--disable-extensions", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                .usingAnyFreePort().withSilent(true).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(5));
        return driver;
    }

    static <T> T await(WebDriver driver, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(100)).until(condition);
    }

    static WebElement card(WebDriver driver, String name) {
        return driver.findElement(By.cssSelector("section.breaker[data-breaker='" + name + "']"));
    }

    static List<String> breakerNames(WebDriver driver) {
        return driver.findElements(By.cssSelector("section.breaker")).stream()
                .map((card) -> card.getAttribute("data-breaker")).toList();
    }
}
