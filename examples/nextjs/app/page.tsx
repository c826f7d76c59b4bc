import { Editor } from "./editor";

export default function Home() {
  return (
    <main>
      <header>
        <h1>Edit a photo</h1>
        <p>
          The upload goes to <code>/api/edits</code>, which hands it to Overtime and answers <strong>202</strong> in
          milliseconds. Your browser then follows the job with <code>@overtime/client</code>: no request waits for the
          edit, so no gateway cuts one off.
        </p>
      </header>
      <Editor />
    </main>
  );
}
