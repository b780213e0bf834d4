package dev.breaker.http;

import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with the full auto-configuration and one controller of its own, which echoes a JSON body: to
 * show that the endpoint's error handling and body checks leave the application's own requests alone.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class EchoApp {

    @Bean
    EchoController echoController() {
        return new EchoController();
    }
}

/** Not a member of {@link EchoApp}: a member component would be registered a second time, beside the bean. */
@RestController
class EchoController {

    @PostMapping("/api/echo")
    Map<String, String> echo(@RequestBody Map<String, String> body) {
        return body;
    }
}
