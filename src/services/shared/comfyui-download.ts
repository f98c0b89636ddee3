/**
 * The download script of ComfyUI's model Job (Python 3 standard library only: the image's own interpreter
 * runs it). Per file of platform.yaml's `comfyui.models`: skip it when present with its verified marker;
 * otherwise resume `<file>.part` with an HTTP Range request, print progress every 5 %, check the size and
 * SHA-256, and only then move it into place. A failure exits 1 with the reason in the pod's termination
 * message, so the Job's next attempt resumes and `shai doctor` can name the cause.
 * Exercised against a local HTTP server in test/services/comfyui-download.test.ts.
 */
export const DOWNLOAD_SCRIPT = String.raw`"""Downloads the ComfyUI models of platform.yaml: resumable, checksum-verified, with progress in the log."""
import hashlib
import json
import os
import sys
import urllib.request

CHUNK = 1 << 20


def say(msg):
    print(msg, flush=True)


def stop(msg):
    # The kubelet keeps /dev/termination-log as the pod's termination message: shai doctor reads it.
    say(f"ERROR {msg}")
    try:
        with open("/dev/termination-log", "w") as f:
            f.write(msg)
    except OSError:
        pass
    sys.exit(1)


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def verified(dest, m):
    marker = dest + ".sha256"
    if not (os.path.exists(dest) and os.path.exists(marker)):
        return False
    with open(marker) as f:
        return os.path.getsize(dest) == m["size"] and f.read().strip() == m["sha256"]


def fetch(m, part):
    have = os.path.getsize(part) if os.path.exists(part) else 0
    if have > m["size"]:
        os.remove(part)
        have = 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(m["url"], headers=headers), timeout=60) as r:
            if have and r.status != 206:
                say(f"{m['name']}: the server ignored the range, starting over")
                have = 0
            if have:
                say(f"{m['name']}: resuming at {have} of {m['size']} bytes")
            step = max(m["size"] // 20, 1)
            done, mark = have, have // step
            with open(part, "ab" if have else "wb") as out:
                for block in iter(lambda: r.read(CHUNK), b""):
                    out.write(block)
                    done += len(block)
                    if done // step > mark:
                        mark = done // step
                        say(f"{m['name']}: {min(100, done * 100 // m['size'])}% ({done} of {m['size']} bytes)")
    except OSError as e:
        stop(f"{m['name']}: cannot download {m['url']}: {e}")


def main(models_file, root):
    with open(models_file) as f:
        models = json.load(f)
    for m in models:
        dest = os.path.join(root, m["folder"], m["name"])
        if verified(dest, m):
            say(f"{m['name']}: present and verified")
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        part = dest + ".part"
        fetch(m, part)
        size = os.path.getsize(part)
        if size != m["size"]:
            stop(f"{m['name']}: got {size} bytes, expected {m['size']}; the next attempt resumes")
        digest = sha256_of(part)
        if digest != m["sha256"]:
            os.remove(part)
            stop(f"{m['name']}: sha256 {digest} does not match {m['sha256']}; removed")
        os.replace(part, dest)
        with open(dest + ".sha256", "w") as f:
            f.write(m["sha256"] + "\n")
        say(f"{m['name']}: downloaded and verified ({size} bytes, sha256 {digest})")
    say(f"{len(models)} model(s) ready")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
`;
