# CoAP devices (RFC 7252) over UDP and DTLS 1.2 with pre-shared keys. Californium 3.14.0 is embedded in the bundle
# (as published it does not resolve with SLF4J 2 here); JSON payloads use the core feature's Gson.
description=CoAP driver "coap": GET polling, Observe as events, PUT/POST commands, text/JSON/SenML payloads, DTLS PSK (Californium embedded)
bundles=\
  org.mviot.edge.driver.coap-${project.version}.jar
requires=core
