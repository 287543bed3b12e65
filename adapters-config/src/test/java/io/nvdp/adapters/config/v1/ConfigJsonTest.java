package io.nvdp.adapters.config.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigJsonTest {
    @Test
    void emptyConfigPrintsGoNullsAndOmissions() {
        assertThat(ConfigJson.toIndentedJson(Config.empty())).isEqualTo("""
                {
                  "version": "v1",
                  "flags": {
                    "migStrategy": null,
                    "failOnInitError": null,
                    "gdsEnabled": null,
                    "mofedEnabled": null
                  },
                  "resources": {
                    "gpus": null
                  },
                  "sharing": {
                    "timeSlicing": {}
                  }
                }""");
    }

    @Test
    void gfdDurationsPrintAsGoDurationStringsAndStringsAreEscapedLikeGo() {
        Config config = Config.empty().withFlags(new Flags(null, null, "/a<b>&c", null, null, null, null,
                new GfdFlags(null, null, Duration.ofSeconds(60), null, null)));
        assertThat(ConfigJson.toIndentedJson(config))
                .contains("\"nvidiaDriverRoot\": \"/a\\u003cb\\u003e\\u0026c\"")
                .contains("\"sleepInterval\": \"1m0s\"");
    }

    @Test
    void parsedFileRoundTripsDeviceSpecs() {
        Config config = ConfigParser.parse("{\"sharing\": {\"timeSlicing\": {\"resources\": [{\"name\": \"gpu\", \"replicas\": 2,"
                + " \"devices\": [0, \"1\"]}, {\"name\": \"x\", \"replicas\": 3, \"devices\": 2}]}}}");
        assertThat(ConfigJson.toIndentedJson(config)).endsWith("""
                  "sharing": {
                    "timeSlicing": {
                      "resources": [
                        {
                          "name": "nvidia.com/gpu",
                          "devices": [
                            "0",
                            "1"
                          ],
                          "replicas": 2
                        },
                        {
                          "name": "nvidia.com/x",
                          "devices": 2,
                          "replicas": 3
                        }
                      ]
                    }
                  }
                }""");
    }
}
