"use strict";

/* Talks to the echo server (same host and port as this page, unless the page
 * is served by the chat server) and the chat server (port 7682). */

function wsUrl(port) {
	var scheme = location.protocol === "https:" ? "wss://" : "ws://";
	return scheme + location.hostname + ":" + port + "/";
}

function addLine(list, cls, text) {
	var li = document.createElement("li");
	li.className = cls;
	li.textContent = (cls === "tx" ? "\u2192 " : cls === "rx" ? "\u2190 " : "") + text;
	list.appendChild(li);
	while (list.children.length > 200)
		list.removeChild(list.firstChild);
	li.scrollIntoView({ block: "nearest" });
}

function attach(name, url, proto) {
	var status = document.getElementById(name + "-status");
	var log = document.getElementById(name + "-log");
	var form = document.getElementById(name + "-form");
	var input = document.getElementById(name + "-text");
	var ws = null;

	function connect() {
		ws = new WebSocket(url, proto);
		ws.onopen = function () {
			status.textContent = "connected";
			status.className = "status up";
		};
		ws.onmessage = function (ev) {
			addLine(log, "rx", typeof ev.data === "string" ?
				ev.data : "[binary " + ev.data.size + " bytes]");
		};
		ws.onclose = function (ev) {
			status.textContent = "closed (" + ev.code + "), retrying";
			status.className = "status down";
			setTimeout(connect, 3000);
		};
	}

	form.addEventListener("submit", function (ev) {
		ev.preventDefault();
		if (!ws || ws.readyState !== WebSocket.OPEN || !input.value)
			return;
		ws.send(input.value);
		addLine(log, "tx", input.value);
		input.value = "";
	});

	connect();
}

window.addEventListener("load", function () {
	var here = location.port || (location.protocol === "https:" ? "443" : "80");
	var echoPort = here === "7682" ? "7681" : here;

	attach("echo", wsUrl(echoPort), "lws-echo");
	attach("chat", wsUrl("7682"), "lws-chat");
});
