/**
 * chat-gateway Spring Boot starter: auto-configuration of a {@code ChatGateway} bean, its Actuator health
 * contributor and its Micrometer metrics.
 */
module io.chatgateway.spring {
    requires transitive io.chatgateway.core;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires spring.beans;
    requires spring.context;
    requires spring.core;
    requires static spring.boot.health;
    requires static io.chatgateway.micrometer;
    requires static micrometer.core;
    requires static io.chatgateway.store.jdbc; // the JDBC stores, when the application has them
    requires java.sql;
    requires static org.jspecify;

    exports io.chatgateway.spring;

    opens io.chatgateway.spring to spring.core, spring.beans, spring.context;
}
