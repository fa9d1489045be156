package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** docs/configuration.md lists every {@code kindling.*} setting the services declare. */
class ConfigurationDocsTest {

    @Test
    void everySettingIsDocumented() throws IOException {
        String docs = Files.readString(Path.of(System.getProperty("user.dir")).resolve("../docs/configuration.md"));
        JsonMapper json = JsonMapper.builder().build();
        List<String> names = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.get("name").asString();
                    if (name.startsWith("kindling.")) {
                        names.add(name);
                    }
                }
            }
        }
        assertThat(names).hasSizeGreaterThan(15);
        assertThat(names).allSatisfy(name -> assertThat(docs).as("docs/configuration.md").contains("`" + name + "`"));
    }
}
