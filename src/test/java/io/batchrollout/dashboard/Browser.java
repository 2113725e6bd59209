package io.batchrollout.dashboard;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's chromium and chromium-driver (`.ci/run` installs both), driven headless. Both paths are given, so Selenium
 * Manager has nothing to find and downloads nothing.
 */
final class Browser {
    static final Path CHROMIUM = Path.of(System.getProperty("dashboard.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("dashboard.chromedriver", "/usr/bin/chromedriver"));

    private Browser() {
    }

    /** What is missing to run browser tests here, if anything. */
    static Optional<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (Debian package chromium)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add(CHROMEDRIVER + " (Debian package chromium-driver)");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", missing));
    }

    /** CI sets CI (GitHub Actions, Azure Pipelines, `.ci/run`): there a missing browser fails the run. */
    static boolean required() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    static ChromeDriver start(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-extensions", "--disable-component-update",
                "--disable-default-apps", "--no-first-run", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=" + width + "," + height);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName(),
                LogType.PERFORMANCE, Level.ALL.getName()));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    /** The console's SEVERE entries since the last read (reading empties the browser's buffer). */
    static List<String> severe(ChromeDriver driver) {
        List<String> severe = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(entry.getMessage());
            }
        }
        return severe;
    }
}
