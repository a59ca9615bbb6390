/**
 * Test support written once for every module's tests: {@link org.mviot.edge.testsupport.FreePorts},
 * {@link org.mviot.edge.testsupport.Await}, {@link org.mviot.edge.testsupport.PeerProcess}.
 */
package org.mviot.edge.testsupport;
