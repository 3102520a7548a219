"use client";
// The signing secret: typed, or generated here. A generated secret is shown in clear once, with
// a copy button, so the receiver can be configured before the form is sent: Signpost stores it
// sealed and never shows it again.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SecretOnce } from "@/components/ui/secret-once";
import { TextField } from "@/components/ui/text-field";
import { generateSecret } from "./generate-secret";

type Props = { id: string; value: string; onValue: (v: string) => void; messages?: string[] };

export function SecretField({ id, value, onValue, messages }: Props) {
  const [generated, setGenerated] = useState<string | null>(null);
  const shown = generated !== null && generated === value ? generated : null;
  return (
    <div className="space-y-2">
      <TextField
        id={id}
        label="Signing secret"
        type="password"
        mono
        autoComplete="off"
        spellCheck={false}
        value={value}
        onValue={onValue}
        messages={messages}
        hint="At least 16 characters. Each delivery carries Signpost-Signature, an HMAC-SHA256 made with it."
        addon={
          <Button
            onClick={() => {
              const s = generateSecret();
              setGenerated(s);
              onValue(s);
            }}
          >
            Generate
          </Button>
        }
      />
      {shown ? (
        <SecretOnce title="Generated secret" value={shown} copyLabel="Copy the generated secret">
          Configure your receiver with it now. Once the subscription is created Signpost keeps it encrypted and never shows it again.
        </SecretOnce>
      ) : null}
    </div>
  );
}
