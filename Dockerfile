# Builds and runs the service; used by docker-compose.yml.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY conversation-flows conversation-flows
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home /app tipline && mkdir -p /data && chown tipline /data
WORKDIR /app
COPY --from=build /src/target/tipline-*.jar app.jar
USER tipline
ENV TIPLINE_DATA_DIR=/data
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
