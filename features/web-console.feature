# The local web console: HTTPS (TLS 1.2/1.3) on console.port (default 8443) through the OSGi HTTP Whiteboard on
# Felix HTTP Jetty 12 (Jetty embedded in that bundle). The launcher configures the server (framework properties): no
# plain HTTP, the certificate from conf/console/ (the installer's, or a self-signed one made at the first start), and
# 127.0.0.1 only until an admin password is set (mviot-edge provision --admin-password-file FILE).
# The servlet API bundle provides both servlet contracts Felix HTTP requires; commons-fileupload and commons-io are
# imported by it.
# Started once the gateway is ready (mviot-edge ready does not wait for it): the port opens a moment after ready.
start=after-ready
description=Web console: HTTPS on port 8443, admin login, overview, devices with live values, descriptors, features, bundles, logs
bundles=\
  org.apache.felix.http.servlet-api-${felix.http.servlet-api.version}.jar,\
  commons-io-${commons-io.version}.jar,\
  commons-fileupload-${commons-fileupload.version}.jar,\
  org.apache.felix.http.jetty12-${felix.http.jetty.version}.jar,\
  org.mviot.edge.console.web-${project.version}.jar
requires=core
